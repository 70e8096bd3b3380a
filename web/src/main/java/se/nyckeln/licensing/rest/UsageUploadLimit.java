package se.nyckeln.licensing.rest;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the usage evidence upload: its body may be at most {@link #MAX_BYTES} (1 GiB), far more than the
 * organisation files' 50 MiB, because usage files of millions of rows are read as they stream and never held
 * whole. Enforced like {@code UploadLimit}: a declared larger Content-Length is refused with 413
 * {@code upload-too-large} before anything is read, a body without one the moment it passes the limit. The
 * server's max-post-size (configure.cli) is set higher, so that this documented limit is the one clients meet.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface UsageUploadLimit {
    long MAX_BYTES = 1024L * 1024 * 1024;
}
