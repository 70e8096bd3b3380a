package se.nyckeln.chargeback.domain;

import java.util.Locale;

/** A system's tier in the application portfolio (Guld ~10, Silver ~30, Brons ~40, Koppar ~40 systems in Mölndal). */
public enum Tier {
    GULD, SILVER, BRONS, KOPPAR;

    public static Tier parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toUpperCase(Locale.ROOT).replace('Ö', 'O');
        return switch (t) {
            case "GULD", "GOLD" -> GULD;
            case "SILVER" -> SILVER;
            case "BRONS", "BRONZE" -> BRONS;
            case "KOPPAR", "COPPER" -> KOPPAR;
            default -> null;
        };
    }
}
