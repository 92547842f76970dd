package dev.campaigns.orchestrator.notify.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InFlightTests {

	private static final String SLOW = "https://slow.example.com:443";

	private static final String OTHER = "https://other.example.com:443";

	@Test
	void aReceiverAtItsShareIsFullWhileOthersKeepTheirWholeShare() {
		InFlight inFlight = new InFlight(10, 2);
		inFlight.add(SLOW);
		inFlight.add(SLOW);
		inFlight.add(OTHER);

		ReceiverRoom room = inFlight.receiverRoom();
		assertThat(room.full()).containsExactly(SLOW);
		assertThat(room.busy()).isEqualTo(Map.of(OTHER, 1));
		assertThat(room.of(SLOW)).isZero();
		assertThat(room.of(OTHER)).isEqualTo(1);
		assertThat(room.of("https://new.example.com:443")).isEqualTo(2);
		assertThat(inFlight.room()).isEqualTo(7);
	}

	@Test
	void anAnswerRecordedFreesItsReceiversRoom() {
		InFlight inFlight = new InFlight(10, 2);
		inFlight.add(SLOW);
		inFlight.add(SLOW);

		inFlight.remove(SLOW);

		assertThat(inFlight.receiverRoom().of(SLOW)).isEqualTo(1);
		inFlight.remove(SLOW);
		assertThat(inFlight.receiverRoom().busy()).isEmpty();
		assertThat(inFlight.receiverRoom().full()).isEmpty();
		assertThat(inFlight.count()).isZero();
	}

	@Test
	void noDeliveryIsCountedBeyondTheCaps() {
		InFlight inFlight = new InFlight(3, 2);
		inFlight.add(SLOW);
		inFlight.add(SLOW);

		assertThatIllegalStateException().isThrownBy(() -> inFlight.add(SLOW));
		inFlight.add(OTHER);
		assertThatIllegalStateException().isThrownBy(() -> inFlight.add("https://third.example.com:443"));
	}

	@Test
	void waitingForTheDeliveriesInFlightEndsWhenTheLastIsRecordedOrAtTheLatestAfterItsLimit() throws Exception {
		InFlight inFlight = new InFlight(10, 2);
		inFlight.add(SLOW);

		assertThat(inFlight.awaitNone(Duration.ofMillis(50))).isFalse();
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return inFlight.awaitNone(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		inFlight.remove(SLOW);
		assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
	}

}
