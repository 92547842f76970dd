package dev.campaigns.orchestrator.campaign.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.springframework.util.unit.DataSize;

/** Reads at most {@code limit} bytes, then fails with {@link PayloadTooLarge}: bodies sent chunked are bounded too. */
final class BoundedInputStream extends FilterInputStream {

	private final DataSize limit;

	private long remaining;

	BoundedInputStream(InputStream in, DataSize limit) {
		super(in);
		this.limit = limit;
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
			throw new PayloadTooLarge(limit);
		}
	}

}
