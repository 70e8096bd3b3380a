package se.nyckeln.platform.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resource bundles stay whole: every key is defined once (a second definition silently wins in
 * {@link Properties}, which is how a union merge of two branches can change a text unnoticed), and the Swedish and
 * English bundles name the same keys (a key missing in one language would show its raw name on the screen).
 */
class BundlesTest {

    private static final String UI = "/se/nyckeln/platform/ui/texts";
    private static final String PROBLEMS = "/se/nyckeln/platform/problems";

    @Test
    void noKeyIsDefinedTwice() throws IOException {
        for (String bundle : List.of(UI + ".properties", UI + "_sv.properties", PROBLEMS + ".properties",
                PROBLEMS + "_en.properties")) {
            List<String> keys = new ArrayList<>();
            Properties counting = new Properties() {
                @Override
                public synchronized Object put(Object key, Object value) {
                    keys.add((String) key);
                    return super.put(key, value);
                }
            };
            load(bundle, counting);
            Set<String> seen = new HashSet<>();
            Set<String> twice = new TreeSet<>();
            for (String key : keys) {
                if (!seen.add(key)) {
                    twice.add(key);
                }
            }
            assertTrue(twice.isEmpty(), bundle + " defines these keys more than once: " + twice);
            assertTrue(keys.size() > 100, bundle + " read " + keys.size() + " keys");
        }
    }

    @Test
    void swedishAndEnglishNameTheSameKeys() throws IOException {
        assertSameKeys(UI + "_sv.properties", UI + ".properties");
        assertSameKeys(PROBLEMS + ".properties", PROBLEMS + "_en.properties");
    }

    @Test
    void noTextIsEmpty() throws IOException {
        for (String bundle : List.of(UI + ".properties", UI + "_sv.properties", PROBLEMS + ".properties",
                PROBLEMS + "_en.properties")) {
            Properties p = new Properties();
            load(bundle, p);
            Set<String> empty = new TreeSet<>();
            p.forEach((k, v) -> {
                if (((String) v).isBlank()) {
                    empty.add((String) k);
                }
            });
            assertTrue(empty.isEmpty(), bundle + " has empty texts: " + empty);
        }
    }

    private static void assertSameKeys(String swedish, String english) throws IOException {
        Properties sv = new Properties();
        Properties en = new Properties();
        load(swedish, sv);
        load(english, en);
        assertEquals(Set.of(), difference(sv.stringPropertyNames(), en.stringPropertyNames()),
                "keys in " + swedish + " but not in " + english);
        assertEquals(Set.of(), difference(en.stringPropertyNames(), sv.stringPropertyNames()),
                "keys in " + english + " but not in " + swedish);
    }

    private static Set<String> difference(Collection<String> a, Collection<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static void load(String resource, Properties into) throws IOException {
        try (InputStream in = BundlesTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            into.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }
}
