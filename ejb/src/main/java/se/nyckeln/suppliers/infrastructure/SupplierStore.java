package se.nyckeln.suppliers.infrastructure;

import se.nyckeln.platform.persistence.Sql;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The supplier and supplier_alias tables. Runs only inside the caller's transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class SupplierStore {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    private Sql sql;

    @PostConstruct
    void init() {
        sql = new Sql(em);
    }

    public record SupplierRow(long id, String orgNumber, String vatNumber, String peppolId, String name,
                              String country, List<String> aliases) {
    }

    private static final String SELECT = "SELECT s.id, s.org_number, s.vat_number, s.peppol_id, s.name, s.country,"
            + " coalesce((SELECT array_agg(a.alias ORDER BY a.id) FROM supplier_alias a WHERE a.supplier_id = s.id),"
            + " '{}') FROM supplier s";

    private static SupplierRow row(ResultSet rs) throws SQLException {
        String[] aliases = (String[]) rs.getArray(7).getArray();
        return new SupplierRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), List.of(aliases));
    }

    /** All suppliers, or those whose name or alias contains {@code text} (any case). */
    public List<SupplierRow> suppliers(String text) {
        if (text == null) {
            return sql.query(SELECT + " ORDER BY s.name, s.id", SupplierStore::row);
        }
        String like = "%" + text.toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%";
        return sql.query(SELECT + " WHERE lower(s.name) LIKE ? OR s.org_number LIKE ? OR EXISTS (SELECT 1 FROM"
                + " supplier_alias a WHERE a.supplier_id = s.id AND lower(a.alias) LIKE ?) ORDER BY s.name, s.id",
                SupplierStore::row, like, like, like);
    }

    public Optional<SupplierRow> supplier(long id) {
        return sql.query(SELECT + " WHERE s.id = ?", SupplierStore::row, id).stream().findFirst();
    }

    /** The supplier a key (0007:orgnr, VAT:number, scheme:id) names. */
    public Optional<Long> byKey(String key) {
        return sql.query("SELECT id FROM supplier WHERE '0007:' || org_number = ? OR 'VAT:' || vat_number = ?"
                + " OR lower(peppol_id) = lower(?) ORDER BY id LIMIT 1", rs -> rs.getLong(1), key, key, key)
                .stream().findFirst();
    }

    /** Supplier ids by name or alias (lower-cased keys), for imports naming suppliers by name. */
    public Map<String, Long> byNames(List<String> names) {
        Map<String, Long> ids = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return ids;
        }
        List<String> lower = new ArrayList<>(names.stream().map(String::toLowerCase).toList());
        sql.query("SELECT lower(name), id FROM supplier WHERE lower(name) = ANY (?) UNION ALL"
                + " SELECT lower(alias), supplier_id FROM supplier_alias WHERE lower(alias) = ANY (?)",
                rs -> ids.putIfAbsent(rs.getString(1), rs.getLong(2)), lower, lower);
        return ids;
    }

    /** -1 when a key is already taken. */
    public long insert(String orgNumber, String vatNumber, String peppolId, String name, String country) {
        return sql.insert("INSERT INTO supplier (org_number, vat_number, peppol_id, name, country) VALUES"
                + " (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", orgNumber, vatNumber, peppolId, name, country);
    }

    public void rename(long id, String name) {
        sql.update("UPDATE supplier SET name = ?, version = version + 1 WHERE id = ?", name, id);
    }

    /** The supplier an alias (any case) or name already names, if any. */
    public Optional<Long> byAlias(String alias) {
        return sql.query("SELECT supplier_id FROM supplier_alias WHERE lower(alias) = lower(?)",
                rs -> rs.getLong(1), alias).stream().findFirst();
    }

    public boolean insertAlias(long supplierId, String alias) {
        return sql.insert("INSERT INTO supplier_alias (supplier_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING"
                + " RETURNING id", supplierId, alias) > 0;
    }
}
