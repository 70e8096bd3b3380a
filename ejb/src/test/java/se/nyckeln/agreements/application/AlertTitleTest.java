package se.nyckeln.agreements.application;

import org.junit.jupiter.api.Test;
import se.nyckeln.agreements.domain.AlertTitle;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every alert title has Swedish and English words with the parameters its key promises, and reads in either. */
class AlertTitleTest {

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = AlertTitleTest.class.getResourceAsStream("/se/nyckeln/agreements/application/" + name)) {
            assertNotNull(in, name);
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    /** The highest argument index a pattern uses, plus one (MessageFormat counts the same way). */
    private static int parameters(String pattern) {
        return new MessageFormat(pattern, Locale.ROOT).getFormatsByArgumentIndex().length;
    }

    @Test
    void everyAlertKeyHasSwedishAndEnglishWordsWithMatchingParameterCounts() throws IOException {
        Properties sv = bundle("explanations.properties");
        Properties en = bundle("explanations_en.properties");
        for (AlertTitle t : AlertTitle.values()) {
            String swedish = sv.getProperty(t.key());
            String english = en.getProperty(t.key());
            assertNotNull(swedish, t + " has Swedish words");
            assertNotNull(english, t + " has English words");
            assertEquals(t.parameters(), parameters(swedish), t + " (sv): " + swedish);
            assertEquals(t.parameters(), parameters(english), t + " (en): " + english);
        }
    }

    @Test
    void theSameStoredTitleReadsInSwedishByDefaultAndInEnglish() {
        List<String> args = List.of("Produkt VISIO-P2-LIC", "7");
        String key = AlertTitle.SUBSCRIPTION_ENDING.key();
        assertEquals("Produkt VISIO-P2-LIC (7 st, prenumeration)", Agreements.title(key, args, Locale.forLanguageTag("sv")));
        assertEquals("Produkt VISIO-P2-LIC (7 seats, subscription)", Agreements.title(key, args, Locale.ENGLISH));
        // any other language is Swedish, never the JVM's default
        assertEquals("Produkt VISIO-P2-LIC (7 st, prenumeration)", Agreements.title(key, args, Locale.GERMAN));
        assertEquals("AutoCAD LT (4 seats, maintenance)", Agreements.title(AlertTitle.MAINTENANCE_ENDING.key(),
                List.of("AutoCAD LT", "4"), Locale.ENGLISH));
        assertEquals("Avtal RA-1: Supportavtal", Agreements.title(AlertTitle.NOTICE_DATE.key(),
                List.of("RA-1", "Supportavtal"), null));
        assertEquals("Agreement RA-1: Supportavtal", Agreements.title(AlertTitle.NOTICE_DATE.key(),
                List.of("RA-1", "Supportavtal"), Locale.ENGLISH));
        // a legacy row keeps its stored words in both languages; a quote or brace in a parameter is not a pattern
        String old = "Gammal rubrik {0} med 'citat'";
        assertEquals(old, Agreements.title(AlertTitle.LEGACY.key(), List.of(old), Locale.ENGLISH));
        assertEquals(old, Agreements.title(AlertTitle.LEGACY.key(), List.of(old), null));
        assertNotEquals(Agreements.title(key, args, null), Agreements.title(key, args, Locale.ENGLISH));
    }
}
