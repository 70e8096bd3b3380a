package se.nyckeln.platform.security;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local user directory (demo mode and local accounts): checks a user name and password against the
 * PBKDF2 hash in {@code user_account}. A successful check is remembered for a minute under a digest of the
 * credentials, so that HTTP Basic calls do not pay the (deliberately slow) hash on every request.
 */
@Singleton
@Lock(LockType.READ)
public class UserDirectory {

    private static final long CACHE_MILLIS = 60_000;

    public record Identity(String username, Set<String> roles) {
    }

    private record Cached(Identity identity, long until) {
    }

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    private final ConcurrentHashMap<String, Cached> verified = new ConcurrentHashMap<>();

    public Optional<Identity> authenticate(String username, String password) {
        if (username == null || password == null || username.isBlank() || username.length() > 200) {
            return Optional.empty();
        }
        String key = digest(username + "\u0000" + password);
        Cached c = verified.get(key);
        long now = System.currentTimeMillis();
        if (c != null && c.until() > now) {
            return Optional.of(c.identity());
        }
        List<?> rows = em.createNativeQuery("SELECT password_hash, array_to_string(roles, ',') FROM user_account"
                        + " WHERE username = ?1 AND active")
                .setParameter(1, username)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        if (!PasswordHash.verify(password, (String) row[0])) {
            return Optional.empty();
        }
        Identity identity = new Identity(username, new LinkedHashSet<>(List.of(((String) row[1]).split(","))));
        if (verified.size() > 10_000) {
            verified.clear();
        }
        verified.put(key, new Cached(identity, now + CACHE_MILLIS));
        return Optional.of(identity);
    }

    /** Roles of a user authenticated elsewhere (e.g. by OIDC), if the directory knows the user. */
    public Optional<Identity> find(String username) {
        List<?> rows = em.createNativeQuery("SELECT array_to_string(roles, ',') FROM user_account"
                        + " WHERE username = ?1 AND active")
                .setParameter(1, username)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Identity(username, new LinkedHashSet<>(List.of(((String) rows.get(0)).split(",")))));
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
