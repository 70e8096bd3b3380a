package se.nyckeln.licensing.infrastructure;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Seat requests, their harvest offers, purchase proposals and reuse savings, in plain JDBC on the caller's transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class RequestStore {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    public record RequestRow(long id, long unitId, String unitCode, long productId, String productName, Long poolId,
                             long quantity, String reason, LocalDate requestedOn, String requestedBy, long filled,
                             long harvestOffered, long purchaseProposed, List<Long> offeredProposals) {
    }

    public record PurchaseRow(long id, Long requestId, long unitId, long productId, Long poolId, long quantity,
                              Long unitPriceOre, LocalDate proposedOn, String proposedBy) {
    }

    public record SavingRow(long unitId, String unitCode, long productId, String productName, String period,
                            long seats, long amountOre) {
    }

    public long insertRequest(long unitId, long productId, Long poolId, long quantity, String reason, LocalDate day,
                              String actor) {
        return one("INSERT INTO licence_request (unit_id, product_id, pool_id, quantity, reason, requested_on,"
                + " requested_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", unitId, productId, poolId, quantity, reason,
                day, actor);
    }

    /** Locks the request row until the transaction ends. */
    public Optional<RequestRow> lockRequest(long id) {
        return requests(" WHERE r.id = ? FOR UPDATE OF r", null, id).stream().findFirst();
    }

    public Optional<RequestRow> request(long id) {
        return requests(" WHERE r.id = ?", null, id).stream().findFirst();
    }

    public List<RequestRow> requests(Long[] visibleUnits) {
        return requests(" WHERE (CAST(? AS bigint[]) IS NULL OR r.unit_id = ANY (?)) ORDER BY r.id DESC LIMIT 2000",
                visibleUnits);
    }

    private List<RequestRow> requests(String where, Long[] ids, Object... args) {
        return work(c -> {
            String sql = "SELECT r.id, r.unit_id, u.code, r.product_id, p.name, r.pool_id, r.quantity, r.reason,"
                    + " r.requested_on, r.requested_by, r.filled, r.harvest_offered, r.purchase_proposed,"
                    + " ARRAY(SELECT o.proposal_id FROM licence_request_offer o WHERE o.request_id = r.id ORDER BY o.proposal_id)"
                    + " FROM licence_request r JOIN org_unit u ON u.id = r.unit_id JOIN product p ON p.id = r.product_id" + where;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (args.length == 0) {
                    java.sql.Array a = ids == null ? null : c.createArrayOf("bigint", ids);
                    ps.setArray(1, a);
                    ps.setArray(2, a);
                } else {
                    for (int i = 0; i < args.length; i++) {
                        ps.setObject(i + 1, args[i]);
                    }
                }
                List<RequestRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Long> offered = new ArrayList<>();
                        for (Object o : (Object[]) rs.getArray(14).getArray()) {
                            offered.add(((Number) o).longValue());
                        }
                        out.add(new RequestRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), rs.getObject(6, Long.class), rs.getLong(7), rs.getString(8), date(rs, 9),
                                rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), offered));
                    }
                }
                return out;
            }
        });
    }

    public void updateRequest(long id, Long poolId, long filled, long harvestOffered, long purchaseProposed) {
        update("UPDATE licence_request SET pool_id = ?, filled = ?, harvest_offered = ?, purchase_proposed = ?"
                + " WHERE id = ?", poolId, filled, harvestOffered, purchaseProposed, id);
    }

    /** The request's offered proposals that are still pending. */
    public long pendingOffers(long requestId) {
        return one("SELECT count(*) FROM licence_request_offer o JOIN harvest_proposal h ON h.id = o.proposal_id"
                + " WHERE o.request_id = ? AND h.status = 'PENDING'", requestId);
    }

    /** Pending proposals of the pool that no request holds. */
    public long unofferedPending(long poolId) {
        return one("SELECT count(*) FROM harvest_proposal h WHERE h.pool_id = ? AND h.status = 'PENDING'"
                + " AND NOT EXISTS (SELECT 1 FROM licence_request_offer o WHERE o.proposal_id = h.id)", poolId);
    }

    /**
     * Offers up to {@code limit} pending proposals of the pool that no request holds yet, those with the oldest
     * evidence first; answers how many were offered.
     */
    public long offer(long requestId, long poolId, long limit) {
        if (limit <= 0) {
            return 0;
        }
        return update("INSERT INTO licence_request_offer (request_id, proposal_id) SELECT ?, h.id FROM harvest_proposal h"
                + " WHERE h.pool_id = ? AND h.status = 'PENDING'"
                + " AND NOT EXISTS (SELECT 1 FROM licence_request_offer o WHERE o.proposal_id = h.id)"
                + " ORDER BY h.last_activity NULLS FIRST, h.id LIMIT ? ON CONFLICT DO NOTHING", requestId, poolId, limit);
    }

    public long insertPurchase(Long requestId, long unitId, long productId, Long poolId, long quantity, Long price,
                               LocalDate day, String actor) {
        return one("INSERT INTO purchase_proposal (request_id, unit_id, product_id, pool_id, quantity, unit_price_ore,"
                + " proposed_on, proposed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", requestId, unitId, productId,
                poolId, quantity, price, day, actor);
    }

    public Optional<PurchaseRow> purchase(long id) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, request_id, unit_id, product_id, pool_id, quantity,"
                    + " unit_price_ore, proposed_on, proposed_by FROM purchase_proposal WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new PurchaseRow(rs.getLong(1), rs.getObject(2, Long.class), rs.getLong(3),
                            rs.getLong(4), rs.getObject(5, Long.class), rs.getLong(6), rs.getObject(7, Long.class),
                            date(rs, 8), rs.getString(9)));
                }
            }
        });
    }

    public long insertSaving(long requestId, long unitId, long productId, long poolId, long seats, long price,
                             LocalDate day) {
        return one("INSERT INTO reuse_saving (request_id, unit_id, product_id, pool_id, seats, unit_price_ore,"
                + " amount_ore, saved_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", requestId, unitId, productId,
                poolId, seats, price, Math.multiplyExact(seats, price), day);
    }

    /** Savings summed per unit, product and month within [from, to], for the visible units. */
    public List<SavingRow> savings(LocalDate from, LocalDate to, Long unitId, Long productId, Long[] visibleUnits) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.unit_id, u.code, s.product_id, p.name,"
                    + " to_char(s.saved_on, 'YYYY-MM') AS period, sum(s.seats), sum(s.amount_ore) FROM reuse_saving s"
                    + " JOIN org_unit u ON u.id = s.unit_id JOIN product p ON p.id = s.product_id"
                    + " WHERE s.saved_on BETWEEN ? AND ? AND (CAST(? AS bigint) IS NULL OR s.unit_id = ?)"
                    + " AND (CAST(? AS bigint) IS NULL OR s.product_id = ?) AND (CAST(? AS bigint[]) IS NULL OR s.unit_id = ANY (?))"
                    + " GROUP BY s.unit_id, u.code, s.product_id, p.name, period ORDER BY period, u.code, p.name")) {
                ps.setObject(1, from);
                ps.setObject(2, to);
                ps.setObject(3, unitId);
                ps.setObject(4, unitId);
                ps.setObject(5, productId);
                ps.setObject(6, productId);
                java.sql.Array a = visibleUnits == null ? null : c.createArrayOf("bigint", visibleUnits);
                ps.setArray(7, a);
                ps.setArray(8, a);
                List<SavingRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SavingRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getLong(7)));
                    }
                }
                return out;
            }
        });
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T work(SqlWork<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }

    private long one(String sql, Object... args) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private int update(String sql, Object... args) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
