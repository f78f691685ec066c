/** daqhub API: driver. Plugins compile against this package only. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.daqhub.api.driver;
