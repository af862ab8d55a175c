/**
 * Vendor tool, not part of the app: signs a Switchboard licence with an Ed25519 private key.
 *   npx tsx tools/sign-licence.ts --generate-key DIR
 *   npx tsx tools/sign-licence.ts --key private.pem --licensee "Northwind MSP" --features helpdesk,crm --expires 2027-12-31 > licence.json
 * The app trusts only BUILT_IN_LICENCE_KEY (src/main/licence/licence-file.ts).
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { signLicence } from '../src/main/licence/licence-file'
import { isFeature } from '../src/shared/features'

const { values } = parseArgs({
  options: {
    'generate-key': { type: 'string' },
    key: { type: 'string' },
    licensee: { type: 'string' },
    features: { type: 'string' },
    expires: { type: 'string' },
  },
})
if (values['generate-key']) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  fs.mkdirSync(values['generate-key'], { recursive: true })
  fs.writeFileSync(path.join(values['generate-key'], 'private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  fs.writeFileSync(path.join(values['generate-key'], 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }))
  console.error(`Key pair written to ${values['generate-key']} (keep private.pem out of every repository).`)
} else {
  if (!values.key || !values.licensee || !values.features || !values.expires)
    throw new Error('--key, --licensee, --features and --expires are required')
  const features = values.features.split(',').map((f) => f.trim())
  const unknown = features.filter((f) => !isFeature(f))
  if (unknown.length) throw new Error(`Unknown features: ${unknown.join(', ')}`)
  const privateKey = createPrivateKey(fs.readFileSync(values.key))
  process.stdout.write(
    signLicence(
      {
        licensee: values.licensee,
        features: features.filter(isFeature),
        issuedAt: new Date().toISOString(),
        expiresAt: new Date(values.expires).toISOString(),
      },
      privateKey,
    ) + '\n',
  )
}
