import type { CategoryRow } from '../data/row-schemas.ts'

/** The category's name in the UI language (Chinese unless the page is in English). */
export function categoryName(
  category: Pick<CategoryRow, 'name_zh' | 'name_en'>,
  language: string,
): string {
  return language.startsWith('en') ? category.name_en : category.name_zh
}
