package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.domain.LicenceMetric;
import se.nyckeln.licensing.domain.LicenceTerm;
import se.nyckeln.licensing.infrastructure.LicensingStore;
import se.nyckeln.platform.problem.BusinessException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The product catalogue. Every product is known by its SKU and by any number of aliases (the names invoices,
 * inventories and SaaS exports use); an alias names exactly one product, whatever its case, so "SPE_E3" and
 * "Microsoft 365 E3" resolve to the same product.
 */
@Stateless
public class Catalogue {

    static final String ENTITY = "Product";

    @EJB
    private LicensingStore store;

    @EJB
    private AuditTrail audit;

    @jakarta.inject.Inject
    private jakarta.enterprise.event.Event<ProductNamesChanged> namesChanged;

    /** All products, or those an alias names (at most one) when {@code alias} is given. */
    public List<LicensingViews.ProductEntry> products(String alias) {
        String a = alias == null || alias.isBlank() ? null : alias.trim();
        return store.products(a).stream().map(Catalogue::entry).toList();
    }

    public LicensingViews.ProductEntry product(long id) {
        return store.product(id).map(Catalogue::entry).orElseThrow(() -> BusinessException.notFound("Produkt", id));
    }

    /**
     * Resolves many names at once, as an import does: lower-cased alias → product id; names that no product is
     * known by are absent.
     */
    public Map<String, Long> productIdsByAlias(java.util.Collection<String> aliases) {
        return store.productsByAliases(aliases);
    }

    public LicensingViews.ProductEntry create(LicensingCommands.NewProduct cmd) {
        LicenceMetric metric = LicenceMetric.parse(cmd.metric())
                .orElseThrow(() -> BusinessException.invalid("licence-metric-unknown", "metric", cmd.metric()));
        LicenceTerm term = LicenceTerm.parse(cmd.term())
                .orElseThrow(() -> BusinessException.invalid("licence-term-unknown", "term", cmd.term()));
        // the SKU is itself an alias, so that it is unique across products like every other name
        Set<String> names = distinct(cmd.sku(), cmd.aliases() == null ? List.of() : cmd.aliases());
        names.forEach(this::requireFree);
        long id = store.insertProduct(cmd.publisher().trim(), cmd.name().trim(), blankToNull(cmd.edition()),
                cmd.sku().trim(), metric, term);
        names.forEach(n -> insertAlias(id, n));
        LicensingViews.ProductEntry created = product(id);
        audit.record(AuditTrail.Action.CREATE, ENTITY, id, null, null, created);
        namesChanged.fire(new ProductNamesChanged(id));
        return created;
    }

    public LicensingViews.ProductEntry addAlias(long id, String alias) {
        LicensingViews.ProductEntry before = product(id);
        String a = alias.trim();
        var owner = store.productByAlias(a);
        if (owner.isPresent() && owner.get() == id) {
            return before; // already known by that name: nothing changes
        }
        requireFree(a);
        insertAlias(id, a);
        LicensingViews.ProductEntry after = product(id);
        audit.record(AuditTrail.Action.UPDATE, ENTITY, id, null, before, after, "alias " + a);
        namesChanged.fire(new ProductNamesChanged(id));
        return after;
    }

    private void insertAlias(long id, String alias) {
        if (!store.insertAlias(id, alias)) {
            throw BusinessException.conflict("product-alias-taken", alias,
                    store.productByAlias(alias).map(String::valueOf).orElse("?"));
        }
    }

    private void requireFree(String alias) {
        store.productByAlias(alias).ifPresent(other -> {
            throw BusinessException.conflict("product-alias-taken", alias, other);
        });
    }

    /** The names without blanks and case-insensitive repeats, first spelling kept. */
    static Set<String> distinct(String sku, List<String> aliases) {
        Set<String> seen = new java.util.HashSet<>();
        Set<String> result = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        all.add(sku);
        all.addAll(aliases);
        for (String n : all) {
            if (n == null || n.isBlank()) {
                continue;
            }
            String t = n.trim();
            if (seen.add(t.toLowerCase(Locale.ROOT))) {
                result.add(t);
            }
        }
        return result;
    }

    static LicensingViews.ProductEntry entry(LicensingStore.ProductRow p) {
        return new LicensingViews.ProductEntry(p.id(), p.publisher(), p.name(), p.edition(), p.sku(),
                p.metric().name(), p.term().name(), p.aliases());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static Map<String, Object> state(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
