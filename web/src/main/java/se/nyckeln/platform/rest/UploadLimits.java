package se.nyckeln.platform.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import se.nyckeln.platform.problem.BusinessException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The per-upload size limit that the upload filters enforce (each with its own limit): a declared Content-Length
 * over the limit is refused before anything is read, and the body is counted as it is read, so a request without
 * a length (chunked) fails with the same 413 {@code upload-too-large} the moment it passes the limit.
 */
public final class UploadLimits {

    private UploadLimits() {
    }

    public static void enforce(ContainerRequestContext request, long max) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > max) {
                throw tooLarge(max);
            }
        }
        request.setEntityStream(new Counting(request.getEntityStream(), max));
    }

    static BusinessException tooLarge(long max) {
        return new BusinessException(413, "upload-too-large", "file", max / (1024 * 1024) + " MiB");
    }

    /** Fails as soon as more than {@code max} bytes have been read. */
    static final class Counting extends FilterInputStream {
        private final long max;
        private long count;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        private void add(long n) {
            count += n;
            if (count > max) {
                throw tooLarge(max);
            }
        }
    }
}
