package org.daqhub.fastmon.model;

import java.sql.Timestamp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

/** Receives about {@code fraction} of the TF notifications on its broker topic while active. */
@Entity
@Table(name = "subscribers")
public class Subscriber {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "subscriber_id")
    private Long id;
    @Column(name = "subscriber_name", nullable = false, unique = true)
    private String name;
    @Column(name = "fraction", nullable = false)
    private double fraction;
    @Column(name = "description", nullable = false)
    private String description = "";
    @Column(name = "is_active", nullable = false)
    private boolean active = true;
    @Column(name = "delivery_type", nullable = false)
    private String deliveryType = "activemq";
    @Column(name = "destination", nullable = false)
    private String destination;
    @Column(name = "messages_sent", nullable = false)
    private long sent;
    @Column(name = "messages_dropped", nullable = false)
    private long dropped;
    @Column(name = "created_at", nullable = false)
    private Timestamp createdAt;

    public Subscriber() {
    }

    public Subscriber(String name, double fraction, String destination, Timestamp createdAt) {
        this.name = name;
        this.fraction = fraction;
        this.destination = destination;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public double getFraction() {
        return fraction;
    }

    public void setFraction(double fraction) {
        this.fraction = fraction;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public String getDeliveryType() {
        return deliveryType;
    }

    public void setDeliveryType(String deliveryType) {
        this.deliveryType = deliveryType;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    public long getSent() {
        return sent;
    }

    public long getDropped() {
        return dropped;
    }

    public Timestamp getCreatedAt() {
        return createdAt;
    }
}
