package se.nyckeln.platform.scheduling;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code job_run} log. Each write is its own transaction, so that a run is visible as RUNNING while it
 * works and a failed job (whose own transaction rolls back) still leaves its FAILED row.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class JobRuns {

    /** {@code detail} is free text for operators; cut so a long stack message cannot bloat the table. */
    private static final int MAX_DETAIL = 2000;

    @Resource(lookup = "java:jboss/datasources/NyckelnDS")
    private DataSource dataSource;

    public long started(String jobName, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO job_run (job_name, started_at, outcome) VALUES (?, ?, 'RUNNING') RETURNING id")) {
            ps.setString(1, jobName);
            ps.setTimestamp(2, Timestamp.from(at));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the start of job " + jobName, e);
        }
    }

    public void finished(long runId, Instant at, JobRun.Outcome outcome, String detail) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE job_run SET finished_at = ?, outcome = ?, detail = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, outcome.name());
            ps.setString(3, detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL));
            ps.setLong(4, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the end of job run " + runId, e);
        }
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<JobRun> recent(String jobName, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, job_name, started_at, finished_at, outcome, detail"
                     + " FROM job_run WHERE job_name = ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, jobName);
            ps.setInt(2, Math.min(Math.max(1, limit), 1000));
            List<JobRun> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp finished = rs.getTimestamp(4);
                    out.add(new JobRun(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            finished == null ? null : finished.toInstant(), JobRun.Outcome.valueOf(rs.getString(5)),
                            rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the runs of job " + jobName, e);
        }
    }
}
