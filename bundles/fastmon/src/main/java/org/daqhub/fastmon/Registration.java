package org.daqhub.fastmon;

import java.util.List;

import org.daqhub.fastmon.model.StfFile;
import org.daqhub.fastmon.model.TfFile;

/** The outcome of a registration: the STF (existing one for a duplicate) and its TF samples. */
public record Registration(StfFile stf, List<TfFile> tfs, boolean duplicate) {
}
