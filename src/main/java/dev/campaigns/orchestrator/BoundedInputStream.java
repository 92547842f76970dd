package dev.campaigns.orchestrator;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

import org.springframework.util.unit.DataSize;

/**
 * Reads at most {@code limit} bytes, then throws what {@code tooLarge} gives (the caller's
 * 413): bodies sent chunked, without a length, are bounded too.
 */
public final class BoundedInputStream extends FilterInputStream {

	private final Supplier<? extends RuntimeException> tooLarge;

	private long remaining;

	public BoundedInputStream(InputStream in, DataSize limit, Supplier<? extends RuntimeException> tooLarge) {
		super(in);
		this.tooLarge = tooLarge;
		this.remaining = limit.toBytes();
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) {
			count(1);
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = super.read(buffer, offset, length);
		if (n > 0) {
			count(n);
		}
		return n;
	}

	private void count(int n) {
		remaining -= n;
		if (remaining < 0) {
			throw tooLarge.get();
		}
	}

}
