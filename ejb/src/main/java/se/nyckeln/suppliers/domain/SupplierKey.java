package se.nyckeln.suppliers.domain;

import se.nyckeln.shared.OrgNumber;

import java.util.Locale;
import java.util.Optional;

/**
 * The one text an invoice's supplier is known by: {@code 0007:<orgnr>} for a Swedish organisation (from its
 * organisationsnummer, its VAT number {@code SE<orgnr>01} or its Peppol id {@code 0007:<orgnr>}), {@code
 * VAT:<number>} for a foreign VAT number, or {@code <scheme>:<id>} for another Peppol participant id.
 */
public record SupplierKey(String value) {

    public static final String SWEDISH_SCHEME = "0007";

    public static SupplierKey of(OrgNumber org) {
        return new SupplierKey(SWEDISH_SCHEME + ":" + org.digits());
    }

    /** A VAT number: a Swedish one ({@code SE} + 10 digits + {@code 01}) gives the org-number key. */
    public static Optional<SupplierKey> ofVat(String vat) {
        if (vat == null || vat.isBlank()) {
            return Optional.empty();
        }
        String v = normaliseVat(vat);
        if (v.startsWith("SE")) {
            if (!v.matches("SE\\d{10}01") || !OrgNumber.isValid(v.substring(2, 12))) {
                return Optional.empty();
            }
            return Optional.of(of(OrgNumber.parse(v.substring(2, 12))));
        }
        return v.matches("[A-Z]{2}[A-Z0-9+*.]{2,13}") ? Optional.of(new SupplierKey("VAT:" + v)) : Optional.empty();
    }

    /** A Peppol participant id {@code scheme:id}; scheme 0007 must carry a valid organisationsnummer. */
    public static Optional<SupplierKey> ofPeppol(String scheme, String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String s = scheme == null ? "" : scheme.trim();
        String i = id.trim();
        if (s.isEmpty() && i.contains(":")) {
            s = i.substring(0, i.indexOf(':'));
            i = i.substring(i.indexOf(':') + 1);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (SWEDISH_SCHEME.equals(s)) {
            return OrgNumber.isValid(i) ? Optional.of(of(OrgNumber.parse(i))) : Optional.empty();
        }
        return s.matches("\\d{4}") ? Optional.of(new SupplierKey(s + ":" + i.toLowerCase(Locale.ROOT)))
                : Optional.empty();
    }

    public static String normaliseVat(String vat) {
        return vat.trim().replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
    }

    /** The organisationsnummer, when this is a Swedish key. */
    public Optional<OrgNumber> orgNumber() {
        return value.startsWith(SWEDISH_SCHEME + ":") ? Optional.of(OrgNumber.parse(value.substring(5)))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
