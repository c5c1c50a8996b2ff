import { describe, expect, it } from 'vitest'
import { formText } from '#app/lib/forms'

describe('formText', () => {
  it('gives a text field as it was sent, and an absent one as empty', () => {
    const form = new FormData()
    form.set('reason', ' Duplicate entry ')
    expect(formText(form.get('reason'))).toBe(' Duplicate entry ')
    expect(formText(form.get('missing'))).toBe('')
  })

  it('treats a file sent under a text field’s name as empty, not as "[object File]"', () => {
    const form = new FormData()
    form.set('reason', new File(['x'], 'x.txt'))
    expect(formText(form.get('reason'))).toBe('')
  })
})
