package dev.handoff.webapp;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A tag of {@code /tags}, kept in a {@code HashSet}. Its {@code hashCode} has a side effect: when
 * the system property {@code handoff.test.hashMark} names a file, every call appends the tag's
 * name to it. It stands for an application class an attacker who can write Redis would pick: a
 * planted {@code HashSet} of it runs that code when the set is rebuilt. Without the property it
 * does nothing of the kind.
 */
public final class Tag implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;

    /** A tag of this name. */
    public Tag(String name) {
        this.name = name;
    }

    /** Its name. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tag tag && tag.name.equals(name);
    }

    @Override
    public int hashCode() {
        String mark = System.getProperty("handoff.test.hashMark");
        if (mark != null) {
            try {
                Files.writeString(Path.of(mark), name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + mark, e);
            }
        }
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
