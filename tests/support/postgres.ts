import pg from 'pg'

export const TEMPLATE_DATABASE = 'otp_test_template'

export function adminPool(adminUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: adminUrl, max: 2 })
}
