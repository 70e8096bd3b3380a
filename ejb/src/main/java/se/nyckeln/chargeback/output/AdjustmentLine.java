package se.nyckeln.chargeback.output;

/** A correction in a later run; {@code reference} names what it corrects (e.g. "2026-10 / körning 2, rad 14"). */
public record AdjustmentLine(String reference, String text, long amountOre) {
}
