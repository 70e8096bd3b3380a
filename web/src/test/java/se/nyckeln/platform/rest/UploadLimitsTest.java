package se.nyckeln.platform.rest;

import org.junit.jupiter.api.Test;
import se.nyckeln.platform.problem.BusinessException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The counted body: exactly the limit reads through; one byte more is a 413 upload-too-large, however it is read. */
class UploadLimitsTest {

    private static InputStream counted(int size, long max) {
        return new UploadLimits.Counting(new ByteArrayInputStream(new byte[size]), max);
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws IOException {
        assertEquals(10, counted(10, 10).readAllBytes().length);
    }

    @Test
    void oneByteMoreFailsWhetherReadInBlocksBytesOrSkipped() {
        BusinessException blocks = assertThrows(BusinessException.class, () -> counted(11, 10).readAllBytes());
        assertEquals(413, blocks.status());
        assertEquals("upload-too-large", blocks.code());
        assertThrows(BusinessException.class, () -> {
            InputStream in = counted(11, 10);
            while (in.read() >= 0) {
                // byte by byte
            }
        });
        assertThrows(BusinessException.class, () -> counted(11, 10).skip(11));
    }
}
