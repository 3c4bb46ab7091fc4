package dev.nlulab.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * result.json: how the job process itself saw its run end. {@code infraFailure}: it failed on the platform's side
 * (the disk full), not the student's, so it costs no quota.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobResult(
        @JsonProperty("state") JobState state,
        @JsonProperty("exit_reason") String exitReason,
        @JsonProperty("peak_rss_bytes") Long peakRssBytes,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("infra_failure") boolean infraFailure) {
}
