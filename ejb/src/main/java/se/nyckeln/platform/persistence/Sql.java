package se.nyckeln.platform.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC on the transaction's connection (nulls are bound untyped, so PostgreSQL infers the column type), for
 * the stores that write set-based SQL (licensing, agreements, suppliers).
 */
public final class Sql {

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final EntityManager em;

    public Sql(EntityManager em) {
        this.em = em;
    }

    public <T> T work(Work<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> list = new ArrayList<>();
                while (rs.next()) {
                    list.add(mapper.map(rs));
                }
                return list;
            }
        });
    }

    public int update(String sql, Object... args) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    /** INSERT ... RETURNING id; -1 when nothing was inserted. */
    public long insert(String sql, Object... args) {
        List<Long> ids = query(sql, rs -> rs.getLong(1), args);
        return ids.isEmpty() ? -1 : ids.get(0);
    }

    public static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof List<?> l) {
                ps.setArray(i + 1, c.createArrayOf(l.isEmpty() || l.get(0) instanceof String ? "text" : "bigint",
                        l.toArray()));
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    public static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    public static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
