package se.nyckeln.chargeback.output;

/** One invoice line; {@code vatRatePermille} is e.g. 250 for 25 %. */
public record InvoiceBasisLine(String text, long netOre, int vatRatePermille, long vatOre) {
}
