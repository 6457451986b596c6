export {
  base32Decode,
  base32Encode,
  randomTotpSecret,
  type TotpOptions,
  totpCode,
  verifyTotp,
} from './totp.js';
