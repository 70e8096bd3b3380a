package se.nyckeln.licensing.application;

/**
 * Fired (synchronously, in the changing transaction) when a product is created or gets another alias: names that
 * resolved to nothing may now name this product (e.g. invoice lines imported before it existed).
 */
public record ProductNamesChanged(long productId) {
}
