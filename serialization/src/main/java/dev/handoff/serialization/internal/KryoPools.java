package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.util.Pool;
import dev.handoff.serialization.ClassFilter;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Kryo instances per web application class loader. A Kryo instance holds the classes it has
 * seen, hence their class loader; so the map holds loaders weakly and pools only weakly too. An
 * undeployed application's loader can then be collected: its pool goes with it (a pool in use
 * is held by its borrower). A collected pool is simply rebuilt on next use.
 */
final class KryoPools {

  private static final int MAX_POOLED_PER_LOADER = 32;
  private static final Object BOOT = new Object();

  private final ClassFilter filter;
  private final int maxDepth;
  private final boolean canonical;
  private final Map<Object, WeakReference<Pool<HandoffKryo>>> pools = new WeakHashMap<>();
  /** The pool used last, weakly: most JVMs serve one application, so most lookups end here. */
  private volatile LastUsed last = new LastUsed(new WeakReference<>(null), new WeakReference<>(null));

  private record LastUsed(WeakReference<Object> key, WeakReference<Pool<HandoffKryo>> pool) {
  }

  KryoPools(ClassFilter filter, int maxDepth) {
    this(filter, maxDepth, false);
  }

  /** With {@code canonical}, the pools hold {@link CanonicalKryo} instances, for comparing. */
  KryoPools(ClassFilter filter, int maxDepth, boolean canonical) {
    this.filter = filter;
    this.maxDepth = maxDepth;
    this.canonical = canonical;
  }

  /** The pool for {@code loader}; hold on to it while an instance from it is in use. */
  Pool<HandoffKryo> poolFor(ClassLoader loader) {
    Object key = loader == null ? BOOT : loader;
    LastUsed recent = last;
    if (recent.key().get() == key) {
      Pool<HandoffKryo> pool = recent.pool().get();
      if (pool != null) {
        return pool;
      }
    }
    synchronized (pools) {
      WeakReference<Pool<HandoffKryo>> ref = pools.get(key);
      Pool<HandoffKryo> pool = ref == null ? null : ref.get();
      if (pool == null) {
        pool = new Pool<>(true, false, MAX_POOLED_PER_LOADER) {
          @Override
          protected HandoffKryo create() {
            return canonical ? new CanonicalKryo(loader, filter, maxDepth) : new HandoffKryo(loader, filter, maxDepth);
          }
        };
        ref = new WeakReference<>(pool);
        pools.put(key, ref);
      }
      last = new LastUsed(new WeakReference<>(key), ref);
      return pool;
    }
  }

  /** Number of class loaders with a live pool (for tests). */
  int size() {
    synchronized (pools) {
      pools.values().removeIf(ref -> ref.get() == null);
      return pools.size();
    }
  }
}
