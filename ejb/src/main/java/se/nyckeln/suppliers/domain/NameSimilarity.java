package se.nyckeln.suppliers.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The measure for suspected duplicate suppliers. A name is <b>normalised</b>: lower case, diacritics kept for
 * å/ä/ö but other accents removed, {@code &} becomes {@code och}, punctuation becomes space, and trailing
 * legal-form and country words ("AB", "Aktiebolag", "HB", "KB", "Ltd", "Limited", "GmbH", "Inc", "Oy", "AS",
 * "ApS", "BV", "SA", "plc", "LLC", "publ", "Sverige", "Sweden", "Nordic") are stripped. Two names are
 * <b>similar</b> when their normalised forms are equal, or the Jaro–Winkler similarity of the normalised forms
 * is at least {@link #THRESHOLD} (0.92, prefix scale 0.1, at most 4 prefix characters).
 */
public final class NameSimilarity {

    public static final double THRESHOLD = 0.92;

    private static final Set<String> SUFFIXES = Set.of("ab", "aktiebolag", "hb", "handelsbolag", "kb",
            "kommanditbolag", "ek", "för", "ekonomisk", "förening", "ltd", "limited", "gmbh", "inc", "oy", "as", "asa",
            "aps", "bv", "nv", "sa", "plc", "llc", "publ", "sverige", "sweden", "svenska", "nordic", "co", "corp",
            "corporation", "group", "koncern", "ag", "srl", "sarl", "sas");

    private NameSimilarity() {
    }

    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String s = name.toLowerCase(Locale.ROOT).replace("&", " och ");
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == 'å' || ch == 'ä' || ch == 'ö') {
                b.append(ch);
            } else {
                b.append(Normalizer.normalize(String.valueOf(ch), Normalizer.Form.NFD).replaceAll("\\p{M}", ""));
            }
        }
        List<String> words = new ArrayList<>(Arrays.asList(b.toString().replaceAll("[^\\p{L}\\p{N}]+", " ").trim()
                .split(" ")));
        words.removeIf(String::isEmpty);
        while (words.size() > 1 && SUFFIXES.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        return String.join(" ", words);
    }

    /** Jaro–Winkler similarity of two names after {@link #normalise}; 1 = the same. */
    public static double similarity(String a, String b) {
        return jaroWinkler(normalise(a), normalise(b));
    }

    public static boolean similar(String a, String b) {
        String x = normalise(a);
        String y = normalise(b);
        return !x.isEmpty() && !y.isEmpty() && (x.equals(y) || jaroWinkler(x, y) >= THRESHOLD);
    }

    /** The classic Jaro–Winkler similarity (match window ⌊max/2⌋−1, prefix scale 0.1, up to 4 characters). */
    public static double jaroWinkler(String s1, String s2) {
        if (s1.equals(s2)) {
            return s1.isEmpty() ? 0 : 1;
        }
        int window = Math.max(0, Math.max(s1.length(), s2.length()) / 2 - 1);
        boolean[] m1 = new boolean[s1.length()];
        boolean[] m2 = new boolean[s2.length()];
        int matches = 0;
        for (int i = 0; i < s1.length(); i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(s2.length() - 1, i + window);
            for (int j = from; j <= to; j++) {
                if (!m2[j] && s1.charAt(i) == s2.charAt(j)) {
                    m1[i] = true;
                    m2[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0;
        }
        int transpositions = 0;
        int k = 0;
        for (int i = 0; i < s1.length(); i++) {
            if (m1[i]) {
                while (!m2[k]) {
                    k++;
                }
                if (s1.charAt(i) != s2.charAt(k)) {
                    transpositions++;
                }
                k++;
            }
        }
        double m = matches;
        double jaro = (m / s1.length() + m / s2.length() + (m - transpositions / 2.0) / m) / 3.0;
        int prefix = 0;
        while (prefix < Math.min(4, Math.min(s1.length(), s2.length())) && s1.charAt(prefix) == s2.charAt(prefix)) {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }
}
