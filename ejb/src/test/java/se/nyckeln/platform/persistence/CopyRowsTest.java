package se.nyckeln.platform.persistence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** COPY's text format: exactly backslash, tab, newline and carriage return are escaped (the rest is sent as is). */
class CopyRowsTest {

    @Test
    void escapesWhatTheTextFormatReadsSpecially() {
        assertEquals("a\\\\b", CopyRows.escape("a\\b"));
        assertEquals("kol1\\tkol2", CopyRows.escape("kol1\tkol2"));
        assertEquals("rad1\\nrad2\\r", CopyRows.escape("rad1\nrad2\r"));
        assertEquals("\\\\N", CopyRows.escape("\\N"), "the text \\N is not the NULL marker");
        assertEquals("\\\\.", CopyRows.escape("\\."), "nor the end-of-data marker");
    }

    @Test
    void leavesQuotesSeparatorsAndSwedishLettersAsTheyAre() {
        assertEquals("\"Kultur, fritid\"; Åsa Öberg-Ärlig", CopyRows.escape("\"Kultur, fritid\"; Åsa Öberg-Ärlig"));
        assertEquals("", CopyRows.escape(""));
    }
}
