package se.nyckeln.chargeback.output.sie;

/** {@code #KONTO kontonr "namn"}. */
public record SieAccount(String number, String name) {
}
