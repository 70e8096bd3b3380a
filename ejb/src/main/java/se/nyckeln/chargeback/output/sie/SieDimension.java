package se.nyckeln.chargeback.output.sie;

/** {@code #DIM dimnr "namn"}: 1 = kostnadsställe/ansvar, 20 and up free (e.g. motpart). */
public record SieDimension(int number, String name) {
}
