package dev.campaigns.localmode;

import com.sun.security.auth.module.UnixSystem;

/** Who the process runs as; PostgreSQL will not start as the superuser. */
@FunctionalInterface
interface RunningUser {

	boolean isRoot();

	static RunningUser current() {
		return () -> {
			try {
				return new UnixSystem().getUid() == 0;
			}
			catch (UnsatisfiedLinkError | RuntimeException notUnix) {
				return false;
			}
		};
	}

}
