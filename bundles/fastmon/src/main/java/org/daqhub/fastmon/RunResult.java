package org.daqhub.fastmon;

import org.daqhub.fastmon.model.Run;

/** A run from {@link Bookkeeping#getOrCreateRun}, and whether that call created it (REST: 201, else 200). */
public record RunResult(Run run, boolean created) {
}
