"""Django's own messages, marked here so that our catalogue (locale/th) carries them.

Django ships a Thai catalogue, but it leaves many form, validator and password messages in
English, and words others awkwardly. LOCALE_PATHS is searched before Django's catalogues, so
each msgid below, spelled exactly as in Django, is picked up by makemessages and translated by
us. Nothing imports these names; the module exists for makemessages. Check the msgids against
the installed Django when upgrading it (phinong/core/tests/test_forms_thai.py does).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    # Form fields (django.forms.fields)
    gettext_noop("This field is required."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Please either submit a file or check the clear checkbox, not both."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Enter a complete value."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("(Hidden field %(name)s) %(error)s"),
    # Validators (django.core.validators)
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    ),
    gettext_noop("Null characters are not allowed."),
    # Model validation (full_clean in services)
    gettext_noop("Value %(value)r is not a valid choice."),
    gettext_noop("This field cannot be null."),
    gettext_noop("This field cannot be blank."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    gettext_noop(
        "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."
    ),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # Users, logins and passwords (django.contrib.auth)
    gettext_noop("A user with that username already exists."),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Old password"),
    gettext_noop("Password confirmation"),
    gettext_noop("Set password"),
    gettext_noop("Reset password"),
    gettext_noop("username"),
    gettext_noop("first name"),
    gettext_noop("last name"),
    gettext_noop("email address"),
)

PLURAL_MESSAGES = (
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        1,
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        1,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        1,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        1,
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
)
