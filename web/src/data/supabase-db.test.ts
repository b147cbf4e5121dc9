import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { DbError } from './db.ts'
import type { ChangeEvent } from './db.ts'
import { createSupabaseDb } from './supabase-db.ts'

interface Seen {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: unknown
}

const ANON_KEY = 'test-anon-key'
const USER_ID = '11111111-1111-4111-8111-111111111111'

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

// A token shaped like GoTrue's (supabase-js decodes the payload; nothing here verifies it).
const exp = Math.floor(Date.now() / 1000) + 3600
const ACCESS_TOKEN = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({
  sub: USER_ID,
  email: 'worker.a@demo.lifecircle',
  role: 'authenticated',
  aud: 'authenticated',
  exp,
})}.c2lnbmF0dXJl`

/** Plays PostgREST's /rest/v1/rpc/<fn> and GoTrue's password grant, recording every request. */
function fakeSupabase(seen: Seen[]): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const body = raw ? (JSON.parse(raw) as unknown) : null
      seen.push({
        method: req.method ?? '',
        path: url.pathname + url.search,
        headers: req.headers,
        body,
      })
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      if (url.pathname === '/auth/v1/token' && url.searchParams.get('grant_type') === 'password') {
        const { password } = body as { password: string }
        if (password !== 'correct horse') {
          return send(400, {
            code: 'invalid_credentials',
            error_code: 'invalid_credentials',
            msg: 'Invalid login credentials',
          })
        }
        return send(200, {
          access_token: ACCESS_TOKEN,
          token_type: 'bearer',
          expires_in: 3600,
          expires_at: exp,
          refresh_token: 'refresh-token',
          user: {
            id: USER_ID,
            aud: 'authenticated',
            role: 'authenticated',
            email: 'worker.a@demo.lifecircle',
            app_metadata: {},
            user_metadata: {},
            created_at: '2026-01-01T00:00:00Z',
          },
        })
      }
      if (url.pathname === '/auth/v1/otp') {
        const { email } = body as { email: string }
        if (email === 'nobody@example.org') {
          return send(422, {
            code: 'otp_disabled',
            error_code: 'otp_disabled',
            msg: 'Signups not allowed for otp',
          })
        }
        return send(200, {})
      }
      const fn = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(url.pathname)?.[1]
      if (fn === 'my_profile') {
        const signedIn = req.headers.authorization === `Bearer ${ACCESS_TOKEN}`
        return send(
          200,
          signedIn
            ? { user_id: USER_ID, role: 'worker', display_name: '甲', communities: ['c-a'] }
            : { role: 'anon' },
        )
      }
      if (fn === 'nearest_facilities') return send(200, [{ id: 'f1', distance_m: 12.5 }])
      if (fn === 'save_facility') {
        return send(409, {
          code: 'PT409',
          message:
            'facility.version: someone else saved this facility since you opened it (now version 3, yours 2); reload it and try again',
          details: null,
          hint: null,
        })
      }
      if (fn === 'close_facility') {
        return send(400, {
          code: '23514',
          message:
            'new row for relation "facilities" violates check constraint "facilities_capacity_valid"',
          details: 'Failing row contains (...)',
          hint: null,
        })
      }
      return send(404, {
        code: 'PGRST202',
        message: `Could not find the function public.${fn}`,
        details: null,
        hint: null,
      })
    })
  })
}

describe('supabase adapter at the HTTP boundary', () => {
  const seen: Seen[] = []
  const server = fakeSupabase(seen)
  let url = ''

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  // Node 20 has no global WebSocket; supabase-js needs one to construct its Realtime client.
  const open = () =>
    createSupabaseDb({ url, anonKey: ANON_KEY, persistSession: false, webSocket: WebSocket })
  const last = (path: string) => seen.filter((s) => s.path.startsWith(path)).at(-1)

  it('calls PostgREST rpc with named arguments as JSON and the anon key', async () => {
    const db = open()
    expect(db.kind).toBe('supabase')
    const rows = await db.rpc('nearest_facilities', {
      lon: 121.4,
      lat: 31.05,
      category: 'canteen',
      limit_n: 3,
    })
    expect(rows).toEqual([{ id: 'f1', distance_m: 12.5 }])
    const req = last('/rest/v1/rpc/nearest_facilities')!
    expect(req.method).toBe('POST')
    expect(req.body).toEqual({ lon: 121.4, lat: 31.05, category: 'canteen', limit_n: 3 })
    expect(req.headers['apikey']).toBe(ANON_KEY)
    expect(req.headers['authorization']).toBe(`Bearer ${ANON_KEY}`)
    expect(await db.auth.session()).toBeNull()
  })

  it('turns a 409 {code: PT409} into a conflict DbError naming the field', async () => {
    const db = open()
    const call = db.rpc('save_facility', { facility: { id: 'f1', name: 'x' }, expected_version: 2 })
    await expect(call).rejects.toBeInstanceOf(DbError)
    const error = (await call.catch((e: unknown) => e)) as DbError
    expect([error.code, error.isConflict, error.field]).toEqual(['PT409', true, 'version'])
    expect(last('/rest/v1/rpc/save_facility')!.body).toEqual({
      facility: { id: 'f1', name: 'x' },
      expected_version: 2,
    })
  })

  it('maps a constraint violation to its field and keeps the details', async () => {
    const db = open()
    const error = (await db
      .rpc('close_facility', { facility_id: 'f1' })
      .catch((e: unknown) => e)) as DbError
    expect([error.code, error.field, error.details, error.isConflict]).toEqual([
      '23514',
      'capacity',
      'Failing row contains (...)',
      false,
    ])
  })

  it('signs in with GoTrue and then sends the user token', async () => {
    const db = open()
    await expect(db.auth.signIn('worker.a@demo.lifecircle', 'wrong')).rejects.toBeInstanceOf(
      DbError,
    )
    const session = await db.auth.signIn('worker.a@demo.lifecircle', 'correct horse')
    expect(session).toEqual({
      userId: USER_ID,
      email: 'worker.a@demo.lifecircle',
      role: 'worker',
      displayName: '甲',
      communities: ['c-a'],
    })
    const token = last('/auth/v1/token')!
    expect(token.method).toBe('POST')
    expect(token.path).toBe('/auth/v1/token?grant_type=password')
    expect(token.body).toMatchObject({
      email: 'worker.a@demo.lifecircle',
      password: 'correct horse',
    })
    expect(token.headers['apikey']).toBe(ANON_KEY)
    const profile = last('/rest/v1/rpc/my_profile')!
    expect(profile.headers['authorization']).toBe(`Bearer ${ACCESS_TOKEN}`)
    expect(await db.auth.session()).toMatchObject({ userId: USER_ID, role: 'worker' })
  })
  it('sends a magic link through GoTrue without signing anyone up', async () => {
    const db = open()
    await db.auth.sendMagicLink!('worker.a@demo.lifecircle', 'http://127.0.0.1:5173/editor')
    const otp = last('/auth/v1/otp')!
    expect(otp.method).toBe('POST')
    expect(otp.body).toMatchObject({
      email: 'worker.a@demo.lifecircle',
      create_user: false,
    })
    expect(otp.path).toContain(`redirect_to=${encodeURIComponent('http://127.0.0.1:5173/editor')}`)
    expect(otp.headers['apikey']).toBe(ANON_KEY)
    const refused = (await db.auth.sendMagicLink!('nobody@example.org').catch(
      (e: unknown) => e,
    )) as DbError
    expect(refused).toBeInstanceOf(DbError)
    expect([refused.code, refused.field]).toEqual(['otp_disabled', 'email'])
    expect(await db.auth.session()).toBeNull()
  })

  it('turns Realtime postgres_changes on facilities and feedback into change events', async () => {
    // Plays the Realtime server (Phoenix protocol, vsn 2.0.0: [join_ref, ref, topic, event, payload]).
    const wss = new WebSocketServer({ server })
    const frames: unknown[][] = []
    let socketUrl = ''
    const left = new Promise<void>((resolve) => {
      wss.on('connection', (socket, req) => {
        socketUrl = req.url ?? ''
        socket.on('message', (data: Buffer) => {
          const frame = JSON.parse(data.toString('utf8')) as [
            string | null,
            string | null,
            string,
            string,
            Record<string, unknown>,
          ]
          frames.push(frame)
          const [joinRef, ref, topic, event, payload] = frame
          if (event === 'phx_leave') resolve()
          if (event !== 'phx_join') return
          const wanted = (payload['config'] as { postgres_changes: Record<string, unknown>[] })
            .postgres_changes
          const ids = wanted.map((_, i) => 100 + i)
          const reply = {
            status: 'ok',
            response: { postgres_changes: wanted.map((w, i) => ({ ...w, id: ids[i] })) },
          }
          socket.send(JSON.stringify([joinRef, ref, topic, 'phx_reply', reply]))
          const change = (id: number, table: string, type: string, row: Record<string, unknown>) =>
            socket.send(
              JSON.stringify([
                null,
                null,
                topic,
                'postgres_changes',
                {
                  ids: [id],
                  data: {
                    schema: 'public',
                    table,
                    type,
                    commit_timestamp: '2026-11-22T08:00:00Z',
                    errors: null,
                    columns: [{ name: 'id', type: 'uuid' }],
                    record: type === 'DELETE' ? {} : row,
                    old_record: type === 'INSERT' ? {} : row,
                  },
                },
              ]),
            )
          change(ids[0]!, 'facilities', 'UPDATE', { id: 'f-7' })
          change(ids[1]!, 'feedback', 'INSERT', { id: 'fb-1' })
        })
      })
    })
    try {
      const db = open()
      const events: ChangeEvent[] = []
      const heard = new Promise<void>((resolve) => {
        const off = db.subscribe((e) => {
          events.push(e)
          if (events.length === 2) {
            off()
            resolve()
          }
        })
      })
      await heard
      expect(events).toEqual([
        { table: 'facilities', kind: 'update', id: 'f-7' },
        { table: 'feedback', kind: 'insert', id: 'fb-1' },
      ])
      expect(socketUrl).toContain('/realtime/v1/websocket?')
      expect(new URLSearchParams(socketUrl.split('?')[1]).get('apikey')).toBe(ANON_KEY)
      const join = frames.find((f) => f[3] === 'phx_join')!
      const config = (join[4] as { config: { postgres_changes: unknown[] } }).config
      expect(config.postgres_changes).toEqual([
        { event: '*', schema: 'public', table: 'facilities' },
        { event: '*', schema: 'public', table: 'feedback' },
      ])
      await left // unsubscribing the last listener leaves the channel
      await db.client.removeAllChannels()
      db.client.realtime.disconnect()
    } finally {
      wss.close()
    }
  })
})
