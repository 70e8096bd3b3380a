package se.nyckeln.organisation.rest;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an upload endpoint: its body may be at most {@link #MAX_BYTES} (50 MiB). A declared larger
 * Content-Length is refused with 413 {@code upload-too-large} before anything is read; a body without one is
 * counted while it streams and refused the moment it passes the limit. The server's own max-post-size is set
 * higher on purpose, so that this documented limit is the one clients meet.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface UploadLimit {
    long MAX_BYTES = 50L * 1024 * 1024;
}
