import { EnableExtensions1795276800000 } from './1795276800000-enable-extensions';
import { Identity1795363200000 } from './1795363200000-identity';
import { AuditLog1795449600000 } from './1795449600000-audit-log';
import { Catalog1795536000000 } from './1795536000000-catalog';
import { Registries1795622400000 } from './1795622400000-registries';
import { Spatial1795708800000 } from './1795708800000-spatial';
import { Macro1795795200000 } from './1795795200000-macro';
import { Datasets1795881600000 } from './1795881600000-datasets';

/**
 * The one ordered migration stream (ARCHITECTURE §2). Listed explicitly rather than globbed so the
 * order is reviewed in code and the build needs no file scanning. Append only.
 */
export const MIGRATIONS = [
  EnableExtensions1795276800000,
  Identity1795363200000,
  AuditLog1795449600000,
  Catalog1795536000000,
  Registries1795622400000,
  Spatial1795708800000,
  Macro1795795200000,
  Datasets1795881600000,
];
