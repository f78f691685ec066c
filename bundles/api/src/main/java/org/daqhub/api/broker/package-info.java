/** daqhub API: messages on the broker (ActiveMQ Artemis, embedded or external). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.daqhub.api.broker;
