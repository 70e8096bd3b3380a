package se.nyckeln.agreements.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The verdict on a purchase line (rules and their order in docs/agreements.md, "Verdicts"). The first seven are
 * the verdicts of the matching; {@link #BUYER_UNMAPPED} means the line could not be judged yet because its
 * buyer reference names no unit.
 */
public enum Verdict {
    OK, WRONG_PRICE, WRONG_AGREEMENT, AGREEMENT_NOT_VALID, BUYER_NOT_ENTITLED, OFF_AGREEMENT, UNKNOWN_PRODUCT,
    BUYER_UNMAPPED;

    public static Optional<Verdict> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
