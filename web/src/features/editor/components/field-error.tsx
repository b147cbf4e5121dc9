import { useTranslation } from 'react-i18next'

/**
 * A field's message: an i18n key from the form's rules (shown with the field's name), or a
 * message from the database as it came (it names the field itself).
 */
export function FieldError({
  id,
  message,
  field,
}: {
  id: string
  message?: string
  field: string
}) {
  const { t } = useTranslation()
  if (!message) return null
  const text = message.startsWith('editor.errors.') ? t(message, { field }) : message
  return (
    <p id={id} className="form-error field-error" role="alert" data-testid={`error-${id}`}>
      {text}
    </p>
  )
}
