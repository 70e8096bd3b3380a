package se.nyckeln.suppliers.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.shared.OrgNumber;
import se.nyckeln.suppliers.domain.SupplierKey;
import se.nyckeln.suppliers.infrastructure.SupplierStore;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The supplier master. A Swedish supplier is keyed on its organisationsnummer (Luhn-checked; the VAT number is
 * derived from it); a foreign supplier on its VAT number or Peppol id. Names and aliases are unique without
 * regard to case across suppliers. Every change is audited.
 */
@Stateless
public class Suppliers {

    static final String ENTITY = "Supplier";

    @EJB
    private SupplierStore store;

    @EJB
    private AuditTrail audit;

    public List<SupplierEntry> suppliers(String text) {
        String t = text == null || text.isBlank() ? null : text.trim();
        return store.suppliers(t).stream().map(Suppliers::entry).toList();
    }

    public SupplierEntry supplier(long id) {
        return store.supplier(id).map(Suppliers::entry).orElseThrow(() -> BusinessException.notFound("Leverantör", id));
    }

    /** The supplier an identifier names: an org number, a VAT number, a Peppol id {@code scheme:id}, or a name/alias. */
    public Optional<Long> find(String identifier) {
        if (identifier == null || identifier.isBlank()) {
            return Optional.empty();
        }
        return key(identifier).flatMap(store::byKey)
                .or(() -> Optional.ofNullable(store.byNames(List.of(identifier.trim())).get(identifier.trim()
                        .toLowerCase(Locale.ROOT))));
    }

    /** Many identifiers at once (as {@link #find}); keys are the identifiers as given, unknown ones absent. */
    public Map<String, Long> findAll(Collection<String> identifiers) {
        Map<String, Long> result = new HashMap<>();
        for (String i : new LinkedHashSet<>(identifiers)) {
            find(i).ifPresent(id -> result.put(i, id));
        }
        return result;
    }

    /**
     * The canonical key ({@code 0007:<orgnr>}, {@code VAT:<number>}, {@code <scheme>:<id>}) of an org number,
     * VAT number or Peppol id; empty for a name.
     */
    public static Optional<String> key(String identifier) {
        String t = identifier.trim();
        if (OrgNumber.isValid(t)) {
            return Optional.of(SupplierKey.of(OrgNumber.parse(t)).value());
        }
        if (t.matches("\\d{4}:.+")) {
            return SupplierKey.ofPeppol(null, t).map(SupplierKey::value);
        }
        if (t.matches("(?i)[a-z]{2}[0-9a-z +*.-]{2,16}") && t.replaceAll("\\D", "").length() >= 2) {
            return SupplierKey.ofVat(t).map(SupplierKey::value);
        }
        return Optional.empty();
    }

    /** The key of a VAT number (a Swedish one gives the org-number key). */
    public static Optional<String> vatKey(String vat) {
        return SupplierKey.ofVat(vat).map(SupplierKey::value);
    }

    /** The key of a Peppol participant id. */
    public static Optional<String> peppolKey(String scheme, String id) {
        return SupplierKey.ofPeppol(scheme, id).map(SupplierKey::value);
    }

    /** Whether a key is a Swedish org-number key. */
    public static boolean isOrgNumberKey(String key) {
        return key != null && key.startsWith(SupplierKey.SWEDISH_SCHEME + ":");
    }

    public SupplierEntry create(NewSupplier cmd) {
        if (cmd.name() == null || cmd.name().isBlank()) {
            throw BusinessException.invalid("supplier-name-missing", "name");
        }
        String org = null;
        String vat = null;
        String peppol = null;
        String country = cmd.country() == null || cmd.country().isBlank() ? null
                : cmd.country().trim().toUpperCase(Locale.ROOT);
        if (cmd.orgNumber() != null && !cmd.orgNumber().isBlank()) {
            if (!OrgNumber.isValid(cmd.orgNumber())) {
                throw BusinessException.invalid("supplier-org-number-invalid", "orgNumber", cmd.orgNumber());
            }
            org = OrgNumber.parse(cmd.orgNumber()).digits();
            country = country == null ? "SE" : country;
        }
        if (cmd.vatNumber() != null && !cmd.vatNumber().isBlank()) {
            Optional<SupplierKey> k = SupplierKey.ofVat(cmd.vatNumber());
            if (k.isEmpty()) {
                throw BusinessException.invalid("supplier-vat-invalid", "vatNumber", cmd.vatNumber());
            }
            if (k.get().orgNumber().isPresent()) {
                String derived = k.get().orgNumber().get().digits();
                if (org != null && !org.equals(derived)) {
                    throw BusinessException.invalid("supplier-vat-mismatch", "vatNumber", cmd.vatNumber(),
                            OrgNumber.parse(org).vatNumber());
                }
                org = derived;
                country = country == null ? "SE" : country;
            } else {
                vat = SupplierKey.normaliseVat(cmd.vatNumber());
                country = country == null ? vat.substring(0, 2) : country;
            }
        }
        if (cmd.peppolId() != null && !cmd.peppolId().isBlank()) {
            Optional<SupplierKey> k = SupplierKey.ofPeppol(null, cmd.peppolId());
            if (k.isEmpty()) {
                throw BusinessException.invalid("supplier-peppol-invalid", "peppolId", cmd.peppolId());
            }
            if (k.get().orgNumber().isPresent()) {
                String derived = k.get().orgNumber().get().digits();
                if (org != null && !org.equals(derived)) {
                    throw BusinessException.invalid("supplier-peppol-invalid", "peppolId", cmd.peppolId());
                }
                org = derived;
            } else {
                peppol = k.get().value();
            }
        }
        if (org == null && vat == null && peppol == null) {
            throw BusinessException.invalid("supplier-key-missing", "orgNumber");
        }
        if (country == null) {
            country = org != null ? "SE" : "ZZ";
        }
        if (org == null && "SE".equals(country)) {
            throw BusinessException.invalid("supplier-org-number-invalid", "orgNumber", "");
        }
        String name = cmd.name().trim();
        Set<String> aliases = new LinkedHashSet<>();
        aliases.add(name);
        if (cmd.aliases() != null) {
            cmd.aliases().stream().filter(a -> a != null && !a.isBlank()).map(String::trim).forEach(aliases::add);
        }
        for (String a : aliases) {
            store.byAlias(a).ifPresent(other -> {
                throw BusinessException.conflict("supplier-alias-taken", a, other);
            });
        }
        for (String key : List.of(org == null ? "" : "0007:" + org, vat == null ? "" : "VAT:" + vat,
                peppol == null ? "" : peppol)) {
            if (!key.isEmpty()) {
                store.byKey(key).ifPresent(other -> {
                    throw BusinessException.conflict("supplier-exists", key, other);
                });
            }
        }
        long id = store.insert(org, vat, peppol, name, country);
        if (id < 0) {
            throw BusinessException.conflict("supplier-exists", org != null ? org : vat != null ? vat : peppol, "?");
        }
        for (String a : aliases) {
            insertAlias(id, a);
        }
        SupplierEntry created = supplier(id);
        audit.record(AuditTrail.Action.CREATE, ENTITY, id, null, null, created);
        return created;
    }

    public SupplierEntry addAlias(long id, String alias) {
        SupplierEntry before = supplier(id);
        if (alias == null || alias.isBlank()) {
            throw BusinessException.invalid("supplier-name-missing", "alias");
        }
        String a = alias.trim();
        Optional<Long> owner = store.byAlias(a);
        if (owner.isPresent() && owner.get() == id) {
            return before;
        }
        owner.ifPresent(other -> {
            throw BusinessException.conflict("supplier-alias-taken", a, other);
        });
        insertAlias(id, a);
        SupplierEntry after = supplier(id);
        audit.record(AuditTrail.Action.UPDATE, ENTITY, id, null, before, after, "alias " + a);
        return after;
    }

    private void insertAlias(long id, String alias) {
        if (!store.insertAlias(id, alias)) {
            throw BusinessException.conflict("supplier-alias-taken", alias, "?");
        }
    }

    static SupplierEntry entry(SupplierStore.SupplierRow r) {
        if (r.orgNumber() != null) {
            OrgNumber o = OrgNumber.parse(r.orgNumber());
            return new SupplierEntry(r.id(), r.name(), o.formatted(), o.legalFormDigit(), o.legalForm(), o.vatNumber(),
                    r.peppolId() != null ? r.peppolId() : "0007:" + o.digits(), r.country(), r.aliases());
        }
        return new SupplierEntry(r.id(), r.name(), null, null, null, r.vatNumber(), r.peppolId(), r.country(),
                r.aliases());
    }
}
