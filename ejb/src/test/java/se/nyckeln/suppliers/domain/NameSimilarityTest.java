package se.nyckeln.suppliers.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameSimilarityTest {

    @Test
    void normalisationStripsCaseLegalFormAndCountryWords() {
        assertEquals("atea", NameSimilarity.normalise("Atea Sverige AB"));
        assertEquals("atea", NameSimilarity.normalise("ATEA SVERIGE AB"));
        assertEquals("atea", NameSimilarity.normalise("  Atea  "));
        assertEquals("dustin", NameSimilarity.normalise("Dustin Sverige AB (publ)"));
        assertEquals("kontorsgiganten i", NameSimilarity.normalise("Kontorsgiganten i Sverige AB"));
        assertEquals("cafe och", NameSimilarity.normalise("Café & Co AB"));
        assertEquals("öresundskraft", NameSimilarity.normalise("Öresundskraft AB"));
        // a name that is only a legal form keeps one word rather than vanishing
        assertEquals("ab", NameSimilarity.normalise("AB"));
    }

    @Test
    void jaroWinklerMatchesTheTextbookValues() {
        assertEquals(0.961, NameSimilarity.jaroWinkler("martha", "marhta"), 0.001);
        assertEquals(0.840, NameSimilarity.jaroWinkler("dwayne", "duane"), 0.001);
        assertEquals(0.813, NameSimilarity.jaroWinkler("dixon", "dicksonx"), 0.001);
        assertEquals(0.0, NameSimilarity.jaroWinkler("abc", "xyz"));
        assertEquals(1.0, NameSimilarity.jaroWinkler("atea", "atea"));
    }

    @Test
    void similarNamesAreVariantsAndTyposButNotOtherCompanies() {
        assertTrue(NameSimilarity.similar("Atea Sverige AB", "Atea"));
        assertTrue(NameSimilarity.similar("ATEA SVERIGE AB", "Atea Sverige AB"));
        // "atea" vs "ateaa": jaro (1 + 0.8 + 1) / 3 = 0.9333, four common prefix letters: 0.9333 + 0.4 * 0.0667 = 0.96
        assertEquals(0.96, NameSimilarity.similarity("Atea AB", "Ateaa AB"), 0.001);
        assertTrue(NameSimilarity.similar("Atea AB", "Ateaa AB"));
        assertFalse(NameSimilarity.similar("Atea Sverige AB", "Dustin Sverige AB"));
        // jaro (9/28 + 1 + 1) / 3 = 0.7738, + 0.4 * 0.2262 = 0.864 < 0.92
        assertEquals(0.864, NameSimilarity.similarity("Microsoft Ireland Operations Ltd", "Microsoft Sverige AB"), 0.001);
        assertFalse(NameSimilarity.similar("Microsoft Ireland Operations Ltd", "Microsoft Sverige AB"));
        assertFalse(NameSimilarity.similar("", "Atea"));
        assertFalse(NameSimilarity.similar(null, "Atea"));
    }
}
