package se.nyckeln.platform.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Readiness: the database answers as the application role and every migration is applied. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Health {

    public record Status(boolean up, boolean database, boolean migrations, String schemaVersion) {
    }

    @Resource(lookup = "java:jboss/datasources/NyckelnDS")
    private DataSource dataSource;

    @EJB
    private Migrations migrations;

    public Status check() {
        boolean db = false;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                db = rs.next();
            }
        } catch (Exception e) {
            db = false;
        }
        boolean migrated = migrations.applied();
        return new Status(db && migrated, db, migrated, migrations.version());
    }
}
