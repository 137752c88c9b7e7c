package dev.handoff.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code bin/bench-load} runs: the load benchmark, the footprint benchmark and the scale
 * benchmark ({@code --parts load,footprint,scale}, all by default), one after the other. Each
 * option belongs to one part ({@code --quick} and {@code --out} to all); every part's options are
 * checked before anything runs. Exit status 2 for bad options, 1 when a part failed.
 */
public final class BenchLoad {

  /** The parts, in the order they run. */
  enum Part {
    LOAD("load", LoadBenchmark.FLAGS, LoadBenchmark.OPTIONS),
    FOOTPRINT("footprint", FootprintBenchmark.FLAGS, FootprintBenchmark.OPTIONS),
    SCALE("scale", ScaleBenchmark.FLAGS, ScaleBenchmark.OPTIONS);

    final String id;
    final Set<String> flags;
    final Set<String> options;

    Part(String id, Set<String> flags, Set<String> options) {
      this.id = id;
      this.flags = flags;
      this.options = options;
    }

    static Part byId(String id) {
      for (Part part : values()) {
        if (part.id.equals(id)) {
          return part;
        }
      }
      throw new IllegalArgumentException("--parts: '" + id + "' is not a part; allowed: load, footprint, scale");
    }
  }

  static final Set<String> COMMON_FLAGS = Set.of("--quick");
  static final Set<String> COMMON_OPTIONS = Set.of("--out");

  private BenchLoad() {
  }

  /** The parts to run and each one's arguments. */
  record Invocation(List<Part> parts, Map<Part, List<String>> arguments) {

    String[] argumentsOf(Part part) {
      return arguments.get(part).toArray(String[]::new);
    }

    static Invocation parse(String... args) {
      Set<Part> parts = new LinkedHashSet<>(List.of(Part.values()));
      Map<Part, List<String>> arguments = new EnumMap<>(Part.class);
      for (Part part : Part.values()) {
        arguments.put(part, new ArrayList<>());
      }
      Map<String, Part> optionOwner = new java.util.HashMap<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--parts")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--parts: missing its value, e.g. --parts footprint,scale");
          }
          parts.clear();
          for (String id : args[++i].split(",")) {
            parts.add(Part.byId(id.trim().toLowerCase(Locale.ROOT)));
          }
          continue;
        }
        boolean common = COMMON_FLAGS.contains(arg) || COMMON_OPTIONS.contains(arg);
        Part owner = owner(arg);
        if (!common && owner == null) {
          throw new IllegalArgumentException(arg + ": unknown option; see bin/bench-load -h");
        }
        List<String> words = new ArrayList<>(List.of(arg));
        if (COMMON_OPTIONS.contains(arg) || (owner != null && owner.options.contains(arg))) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(arg + ": missing its value");
          }
          words.add(args[++i]);
        }
        if (common) {
          arguments.values().forEach(list -> list.addAll(words));
        } else {
          arguments.get(owner).addAll(words);
          optionOwner.put(arg, owner);
        }
      }
      optionOwner.forEach((option, owner) -> {
        if (!parts.contains(owner)) {
          throw new IllegalArgumentException(option + " belongs to the " + owner.id + " part, which --parts leaves out");
        }
      });
      return new Invocation(List.copyOf(parts), arguments);
    }

    private static Part owner(String option) {
      for (Part part : Part.values()) {
        if (part.flags.contains(option) || part.options.contains(option)) {
          return part;
        }
      }
      return null;
    }
  }

  public static void main(String[] args) {
    Invocation invocation;
    LoadBenchmark.Settings load;
    FootprintBenchmark.Settings footprint;
    ScaleBenchmark.Settings scale;
    try {
      invocation = Invocation.parse(args);
      load = LoadBenchmark.Settings.parse(invocation.argumentsOf(Part.LOAD));
      footprint = FootprintBenchmark.Settings.parse(invocation.argumentsOf(Part.FOOTPRINT));
      scale = ScaleBenchmark.Settings.parse(invocation.argumentsOf(Part.SCALE));
    } catch (IllegalArgumentException e) {
      System.err.println("bench-load: " + e.getMessage());
      System.exit(2);
      return;
    }
    String commandLine = ("bin/bench-load " + String.join(" ", args)).trim();
    List<String> failed = new ArrayList<>();
    for (Part part : invocation.parts()) {
      System.err.println("==== " + part.id + " part");
      try {
        boolean ok = switch (part) {
          case LOAD -> LoadBenchmark.run(load, commandLine);
          case FOOTPRINT -> FootprintBenchmark.run(footprint, commandLine);
          case SCALE -> ScaleBenchmark.run(scale, commandLine);
        };
        if (!ok) {
          failed.add(part.id);
        }
      } catch (Exception e) {
        System.err.println("!! " + part.id + " part failed: " + e);
        e.printStackTrace();
        failed.add(part.id);
      }
    }
    if (!failed.isEmpty()) {
      System.err.println("bench-load: failed: " + String.join(", ", failed));
      System.exit(1);
    }
    System.exit(0);
  }
}
