/** daqhub API: bookkeeping database (PostgreSQL) and versioned schema migrations. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.daqhub.api.persistence;
