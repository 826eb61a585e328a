// All demo services, grouped by category in the services-*.ts files.

import { COUNSELLING_SERVICES, HOUSING_SERVICES } from './services-counselling-housing';
import { FAMILY_SERVICES, MONEY_SERVICES } from './services-family-money';
import { EDUCATION_SERVICES, HEALTH_SERVICES } from './services-health-education';
import { INTERPRETING_SERVICES, LEGAL_SERVICES } from './services-interpreting-legal';
import { LANGUAGE_SERVICES } from './services-language';
import { ADMIN_SERVICES, ORIENTATION_SERVICES } from './services-orientation-admin';
import { DIGITAL_SERVICES, EMPLOYMENT_SERVICES } from './services-work-digital';
import type { DemoService } from './types';

export const SERVICES: DemoService[] = [
  ...LANGUAGE_SERVICES,
  ...INTERPRETING_SERVICES,
  ...COUNSELLING_SERVICES,
  ...HOUSING_SERVICES,
  ...LEGAL_SERVICES,
  ...HEALTH_SERVICES,
  ...EMPLOYMENT_SERVICES,
  ...EDUCATION_SERVICES,
  ...FAMILY_SERVICES,
  ...ORIENTATION_SERVICES,
  ...ADMIN_SERVICES,
  ...DIGITAL_SERVICES,
  ...MONEY_SERVICES,
];
