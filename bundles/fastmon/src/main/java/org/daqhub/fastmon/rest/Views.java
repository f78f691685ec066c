package org.daqhub.fastmon.rest;

import java.util.List;

import org.daqhub.fastmon.model.Dispatch;
import org.daqhub.fastmon.model.Run;
import org.daqhub.fastmon.model.StfFile;
import org.daqhub.fastmon.model.Subscriber;
import org.daqhub.fastmon.model.TfFile;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

/** The bodies fast monitoring answers with, written in snake_case (the seed's field names). */
final class Views {
    private Views() {
    }

    record RunView(long runId, long runNumber, String startTime, String endTime, JsonNode runConditions) {
        static RunView of(Run r) {
            return new RunView(r.getId(), r.getRunNumber(), JsonFields.iso(r.getStartTime()),
                    JsonFields.iso(r.getEndTime()), JsonFields.parse(r.getConditions()));
        }
    }

    /** A run and whether this request created it (POST is get-or-create). */
    record RunCreated(@JsonUnwrapped RunView run, boolean created) {
    }

    record StfView(String fileId, long runNumber, String machineState, String fileUrl, Long fileSizeBytes,
            String checksum, String creationTime, String status, JsonNode metadata, String stfIdentifier) {
        static StfView of(StfFile f) {
            return new StfView(f.getId(), f.getRun().getRunNumber(), f.getMachineState(), f.getFileUrl(),
                    f.getSizeBytes(), f.getChecksum(), JsonFields.iso(f.getCreationTime()), f.getStatus().wire(),
                    JsonFields.parse(f.getMetadata()), f.getStfIdentifier());
        }
    }

    /** A registered STF (the existing one for a duplicate) with its TF samples. */
    record StfRegistered(@JsonUnwrapped StfView stf, boolean duplicate, List<TfView> tfFiles) {
    }

    record TfView(String tfFileId, String stfFileId, String tfFilename, long fileSizeBytes, long tfFirst, long tfLast,
            long tfCount, String status, String creationTime) {
        static TfView of(TfFile t) {
            return new TfView(t.getId(), t.getStfFileId(), t.getFilename(), t.getSizeBytes(), t.getTfFirst(),
                    t.getTfLast(), t.getTfCount(), t.getStatus().wire(), JsonFields.iso(t.getCreationTime()));
        }
    }

    record SubscriberView(long subscriberId, String subscriberName, double fraction, String description,
            boolean isActive, String deliveryType, String destination, String stompDestination, long messagesSent,
            long messagesDropped, String createdAt) {
        static SubscriberView of(Subscriber s) {
            return new SubscriberView(s.getId(), s.getName(), s.getFraction(), s.getDescription(), s.isActive(),
                    s.getDeliveryType(), s.getDestination(), "/topic/" + s.getDestination(), s.getSent(),
                    s.getDropped(), JsonFields.iso(s.getCreatedAt()));
        }
    }

    record DispatchView(String dispatchId, String stfFileId, String tfFileId, Long subscriberId, String destination,
            String dispatchTime, JsonNode messageContent, Boolean isSuccessful, String errorMessage) {
        static DispatchView of(Dispatch d) {
            return new DispatchView(d.getId(), d.getStfFileId(), d.getTfFileId(), d.getSubscriberId(),
                    d.getDestination(), JsonFields.iso(d.getTime()), JsonFields.parse(d.getContent()),
                    d.getSuccessful(), d.getError());
        }
    }
}
