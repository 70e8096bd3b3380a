package se.nyckeln.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/** Fixture files under {@code src/test/fixtures}, with {@code {S}} replaced by a test's own suffix. */
final class Fixtures {

    private Fixtures() {
    }

    /** A short random suffix, so that each test creates its own units, people and devices. */
    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    static String text(String name, String suffix) {
        Path p = Path.of(System.getProperty("nyckeln.fixtures"), name);
        try {
            return Files.readString(p, StandardCharsets.UTF_8).replace("{S}", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
