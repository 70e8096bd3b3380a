package se.nyckeln.chargeback.output.sie;

/** {@code #OBJEKT dimnr "objnr" "namn"}. */
public record SieObject(int dimension, String code, String name) {
}
