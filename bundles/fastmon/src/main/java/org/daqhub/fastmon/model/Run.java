package org.daqhub.fastmon.model;

import java.sql.Timestamp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

/** A data-taking run. run_number is unique; conditions is a JSON object. */
@Entity
@Table(name = "runs")
public class Run {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "run_id")
    private Long id;
    @Column(name = "run_number", nullable = false, unique = true)
    private long runNumber;
    @Column(name = "start_time", nullable = false)
    private Timestamp startTime;
    @Column(name = "end_time")
    private Timestamp endTime;
    @Column(name = "run_conditions", nullable = false)
    private String conditions = "{}";

    public Run() {
    }

    public Run(long runNumber, Timestamp startTime, String conditions) {
        this.runNumber = runNumber;
        this.startTime = startTime;
        this.conditions = conditions;
    }

    public Long getId() {
        return id;
    }

    public long getRunNumber() {
        return runNumber;
    }

    public Timestamp getStartTime() {
        return startTime;
    }

    public void setStartTime(Timestamp startTime) {
        this.startTime = startTime;
    }

    public Timestamp getEndTime() {
        return endTime;
    }

    public void setEndTime(Timestamp endTime) {
        this.endTime = endTime;
    }

    public String getConditions() {
        return conditions;
    }

    public void setConditions(String conditions) {
        this.conditions = conditions;
    }
}
