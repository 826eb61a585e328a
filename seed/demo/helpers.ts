// Small builders for the repetitive parts of the demo content (schedules, costs, documents).

import type { CostSpec, Day, TextLists } from './types';

export type ExtraLang = 'ar' | 'uk' | 'fa' | 'es';

export type Slot = { day: Day; opens: string; closes: string };

export const MON_FRI: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** The same time slot on several days. */
export function slots(days: Day[], opens: string, closes: string): Slot[] {
  return days.map((day) => ({ day, opens, closes }));
}

/** Opening hours: the same ranges (e.g. morning and afternoon) on several days. */
export function hours(days: Day[], ...ranges: [string, string][]): Slot[] {
  return days.flatMap((day) => ranges.map(([opens, closes]) => ({ day, opens, closes })));
}

export const FREE: CostSpec = { type: 'free' };

export function chf(amount: number): CostSpec {
  return { type: 'fixed', amount, currency: 'CHF' };
}

type DocText = { fr: string; en: string; ar: string; uk: string; fa: string; es: string };

/** Documents that many services ask for, written once in every demo language. */
export const DOCS = {
  id: {
    fr: "Pièce d'identité ou passeport",
    en: 'ID card or passport',
    ar: 'بطاقة هوية أو جواز سفر',
    uk: 'Посвідчення особи або паспорт',
    fa: 'کارت شناسایی یا پاسپورت',
    es: 'Documento de identidad o pasaporte',
  },
  permitIfAny: {
    fr: 'Permis de séjour (si vous en avez un)',
    en: 'Residence permit (if you have one)',
    ar: 'تصريح الإقامة (إذا كان لديك)',
    uk: 'Дозвіл на проживання (якщо він у вас є)',
    fa: 'اجازه اقامت (اگر دارید)',
    es: 'Permiso de residencia (si lo tiene)',
  },
  permit: {
    fr: 'Permis de séjour',
    en: 'Residence permit',
    ar: 'تصريح الإقامة',
    uk: 'Дозвіл на проживання',
    fa: 'اجازه اقامت',
    es: 'Permiso de residencia',
  },
  address: {
    fr: 'Justificatif de domicile',
    en: 'Proof of address',
    ar: 'إثبات العنوان',
    uk: 'Підтвердження адреси',
    fa: 'مدرک محل سکونت',
    es: 'Comprobante de domicilio',
  },
  insurance: {
    fr: "Carte d'assurance maladie",
    en: 'Health insurance card',
    ar: 'بطاقة التأمين الصحي',
    uk: 'Картка медичного страхування',
    fa: 'کارت بیمه درمانی',
    es: 'Tarjeta del seguro médico',
  },
  lease: {
    fr: 'Contrat de bail',
    en: 'Rental contract',
    ar: 'عقد الإيجار',
    uk: 'Договір оренди',
    fa: 'قرارداد اجاره',
    es: 'Contrato de alquiler',
  },
  letters: {
    fr: 'Les lettres reçues (factures, décisions, rappels)',
    en: 'Letters you received (bills, decisions, reminders)',
    ar: 'الرسائل التي استلمتها (فواتير، قرارات، تذكيرات)',
    uk: 'Листи, які ви отримали (рахунки, рішення, нагадування)',
    fa: 'نامه‌هایی که دریافت کرده‌اید (صورت‌حساب، تصمیم، یادآوری)',
    es: 'Las cartas que recibió (facturas, decisiones, recordatorios)',
  },
  payslips: {
    fr: 'Fiches de salaire des 3 derniers mois',
    en: 'Payslips from the last 3 months',
    ar: 'قسائم الراتب لآخر 3 أشهر',
    uk: 'Розрахункові листи за останні 3 місяці',
    fa: 'فیش‌های حقوقی سه ماه گذشته',
    es: 'Nóminas de los últimos 3 meses',
  },
  cv: {
    fr: 'Votre CV (si vous en avez un)',
    en: 'Your CV (if you have one)',
    ar: 'سيرتك الذاتية (إذا كانت لديك)',
    uk: 'Ваше резюме (якщо воно є)',
    fa: 'رزومه شما (اگر دارید)',
    es: 'Su currículum (si tiene uno)',
  },
  diplomas: {
    fr: 'Diplômes et certificats de travail',
    en: 'Diplomas and work certificates',
    ar: 'الشهادات الدراسية وشهادات العمل',
    uk: 'Дипломи та довідки з місць роботи',
    fa: 'مدارک تحصیلی و گواهی‌های کاری',
    es: 'Títulos y certificados de trabajo',
  },
  vaccination: {
    fr: 'Carnet de vaccination',
    en: 'Vaccination record',
    ar: 'دفتر التطعيم',
    uk: 'Картка щеплень',
    fa: 'کارت واکسیناسیون',
    es: 'Cartilla de vacunación',
  },
  birth: {
    fr: "Acte de naissance de l'enfant",
    en: "Child's birth certificate",
    ar: 'شهادة ميلاد الطفل',
    uk: 'Свідоцтво про народження дитини',
    fa: 'گواهی تولد کودک',
    es: 'Partida de nacimiento del niño',
  },
  device: {
    fr: 'Votre téléphone ou ordinateur portable',
    en: 'Your phone or laptop',
    ar: 'هاتفك أو حاسوبك المحمول',
    uk: 'Ваш телефон або ноутбук',
    fa: 'تلفن یا لپ‌تاپ شما',
    es: 'Su teléfono o portátil',
  },
  medical: {
    fr: 'Vos documents médicaux et la liste de vos médicaments',
    en: 'Your medical papers and list of medicines',
    ar: 'أوراقك الطبية وقائمة أدويتك',
    uk: 'Ваші медичні документи та список ліків',
    fa: 'مدارک پزشکی و فهرست داروهای شما',
    es: 'Sus documentos médicos y la lista de sus medicamentos',
  },
  referral: {
    fr: "Lettre d'orientation d'un service social ou d'un médecin",
    en: 'Referral letter from a social service or a doctor',
    ar: 'رسالة إحالة من خدمة اجتماعية أو من طبيب',
    uk: 'Направлення від соціальної служби або лікаря',
    fa: 'معرفی‌نامه از مددکار اجتماعی یا پزشک',
    es: 'Carta de derivación de un servicio social o de un médico',
  },
  debts: {
    fr: 'Liste de vos dettes et papiers de poursuite',
    en: 'List of your debts and debt collection papers',
    ar: 'قائمة ديونك وأوراق تحصيل الديون',
    uk: 'Список ваших боргів і документи про стягнення',
    fa: 'فهرست بدهی‌ها و نامه‌های پیگیری بدهی',
    es: 'Lista de sus deudas y papeles de cobro',
  },
  bills: {
    fr: 'Vos factures du mois (loyer, assurance, téléphone)',
    en: 'Your monthly bills (rent, insurance, phone)',
    ar: 'فواتيرك الشهرية (الإيجار، التأمين، الهاتف)',
    uk: 'Ваші щомісячні рахунки (оренда, страховка, телефон)',
    fa: 'قبض‌های ماهانه شما (اجاره، بیمه، تلفن)',
    es: 'Sus facturas del mes (alquiler, seguro, teléfono)',
  },
  photo: {
    fr: "Une photo d'identité",
    en: 'One passport photo',
    ar: 'صورة شخصية واحدة',
    uk: 'Одне фото на документи',
    fa: 'یک قطعه عکس پرسنلی',
    es: 'Una foto de carné',
  },
  schoolReports: {
    fr: 'Derniers bulletins scolaires',
    en: 'Latest school reports',
    ar: 'آخر كشوف العلامات المدرسية',
    uk: 'Останні шкільні табелі',
    fa: 'آخرین کارنامه‌های مدرسه',
    es: 'Los últimos boletines de notas',
  },
  original: {
    fr: 'Le document à traduire (original)',
    en: 'The document to translate (original)',
    ar: 'الوثيقة المطلوب ترجمتها (الأصل)',
    uk: 'Документ для перекладу (оригінал)',
    fa: 'مدرکی که باید ترجمه شود (اصل)',
    es: 'El documento que hay que traducir (original)',
  },
  appointment: {
    fr: 'La convocation ou la date du rendez-vous',
    en: 'The appointment letter or date',
    ar: 'رسالة الموعد أو تاريخه',
    uk: 'Лист-запрошення або дата зустрічі',
    fa: 'نامه یا تاریخ قرار ملاقات',
    es: 'La carta de la cita o la fecha',
  },
  tax: {
    fr: "Déclaration d'impôt reçue et certificats de salaire",
    en: 'The tax form you received and salary certificates',
    ar: 'استمارة الضرائب التي استلمتها وشهادات الراتب',
    uk: 'Отримана податкова декларація та довідки про зарплату',
    fa: 'فرم مالیاتی که دریافت کرده‌اید و گواهی‌های حقوق',
    es: 'El formulario de impuestos que recibió y los certificados de salario',
  },
  levelTest: {
    fr: "Résultat du test de niveau (si vous l'avez déjà fait)",
    en: 'Level test result (if you already did it)',
    ar: 'نتيجة اختبار المستوى (إذا كنت قد أجريته)',
    uk: 'Результат тесту на рівень (якщо ви його вже пройшли)',
    fa: 'نتیجه آزمون تعیین سطح (اگر قبلاً داده‌اید)',
    es: 'Resultado de la prueba de nivel (si ya la hizo)',
  },
  notebook: {
    fr: 'Un cahier et un stylo',
    en: 'A notebook and a pen',
    ar: 'دفتر وقلم',
    uk: 'Зошит і ручка',
    fa: 'یک دفتر و یک خودکار',
    es: 'Un cuaderno y un bolígrafo',
  },
  decision: {
    fr: "La décision de l'autorité (SEM ou canton)",
    en: 'The decision from the authority (SEM or canton)',
    ar: 'قرار السلطات (أمانة الدولة للهجرة أو الكانتون)',
    uk: 'Рішення органу влади (SEM або кантону)',
    fa: 'تصمیم اداره مربوطه (SEM یا کانتون)',
    es: 'La decisión de la autoridad (SEM o cantón)',
  },
} satisfies Record<string, DocText>;

export type DocKey = keyof typeof DOCS;

/** Documents to bring, in fr and en plus the given extra languages. */
export function docs(keys: DocKey[], extra: ExtraLang[] = []): TextLists {
  const list: TextLists = {
    fr: keys.map((k) => DOCS[k].fr),
    en: keys.map((k) => DOCS[k].en),
  };
  for (const lang of extra) list[lang] = keys.map((k) => DOCS[k][lang]);
  return list;
}
