#!/usr/bin/python3
"""Prints the tables of docs/detectors.md from the shipped detector libraries: every detector
with what it detects, its validator and its confidence logic, and the closest Microsoft Purview
sensitive information type (for teams moving policies from Purview).

Usage: scripts/detector_table.py [POLICY_DIR]   (default: policies/ beside this script)"""
import glob
import os
import sys

import yaml

# The closest Purview sensitive information type, by its name in Microsoft's "Sensitive
# information type entity definitions"; "—" where Purview has no built-in type of that kind.
PURVIEW = {
    "financial.card-number": "Credit Card Number",
    "financial.iban": "International Banking Account Number (IBAN)",
    "financial.aba-routing": "ABA Routing Number",
    "financial.swift-bic": "SWIFT Code",
    "financial.us-bank-account": "U.S. Bank Account Number",
    "financial.au-bank-account": "Australia Bank Account Number",
    "financial.ca-bank-account": "Canada Bank Account Number",
    "financial.jp-bank-account": "Japan Bank Account Number",
    "financial.bitcoin-address": "—",
    "national.us-ssn": "U.S. Social Security Number (SSN)",
    "national.us-ssn-unformatted": "U.S. Social Security Number (SSN)",
    "national.us-itin": "U.S. Individual Taxpayer Identification Number (ITIN)",
    "national.uk-nino": "U.K. National Insurance Number (NINO)",
    "national.uk-nhs": "U.K. National Health Service Number",
    "national.uk-utr": "U.K. Unique Taxpayer Reference Number",
    "national.uk-driving-licence": "U.K. Driver's License Number",
    "national.uk-vehicle-registration": "—",
    "national.tr-tckn": "Turkish National Identification number",
    "national.za-id": "South Africa Identification Number",
    "ids-americas.us-mbi": "Medicare Beneficiary Identifier (MBI) card",
    "national.ca-sin": "Canada Social Insurance Number",
    "national.fr-nir": "France Social Security Number (INSEE)",
    "national.es-dni": "Spain DNI; Spain Driver's License Number",
    "national.it-codice-fiscale": "Italy Fiscal Code",
    "national.nl-bsn": "Netherlands Citizen's Service (BSN) Number",
    "national.de-tax-id": "Germany Tax Identification Number",
    "national.au-tfn": "Australia Tax File Number",
    "national.in-aadhaar": "India Unique Identification (Aadhaar) Number",
    "national.br-cpf": "Brazil CPF Number",
    "national.passport": "U.S. / U.K. Passport Number; EU Passport Number and its per-country types; Canada, Australia, Japan Passport Number",
    "contact.email": "—",
    "contact.phone-international": "—",
    "contact.phone-national": "—",
    "contact.ipv4": "IP Address",
    "contact.ipv6": "IP Address",
    "contact.mac-address": "—",
    "contact.uk-postcode": "U.K. physical addresses",
    "secrets.aws-access-key-id": "Amazon S3 Client Secret Access Key (the key pair)",
    "secrets.aws-secret-access-key": "Amazon S3 Client Secret Access Key",
    "secrets.azure-storage-connection-string": "Azure Storage Account Key",
    "secrets.azure-storage-key": "Azure Storage Account Key (Generic)",
    "secrets.azure-sas-token": "Azure Storage Account Shared Access Signature",
    "secrets.entra-client-secret": "Azure AD Client Secret",
    "secrets.github-token": "GitHub Personal Access Token",
    "secrets.github-fine-grained-token": "GitHub Personal Access Token",
    "secrets.gitlab-token": "Client Secret / API Key",
    "secrets.slack-token": "Slack Access Token",
    "secrets.slack-webhook": "Client Secret / API Key",
    "secrets.teams-webhook": "Azure Shared Access Key / Web Hook Token",
    "secrets.stripe-key": "Client Secret / API Key",
    "secrets.google-api-key": "Google API Key",
    "secrets.twilio-api-key": "Client Secret / API Key",
    "secrets.sendgrid-api-key": "Client Secret / API Key",
    "secrets.npm-token": "Client Secret / API Key",
    "secrets.openai-api-key": "Client Secret / API Key",
    "secrets.jwt": "Http Authorization Header / Azure AD Client Access Token",
    "secrets.private-key": "X.509 Certificate Private Key",
    "secrets.url-credentials": "User Login Credentials",
    "secrets.password-assignment": "General Password",
    "secrets.xml-config-secret": "General Password",
    "tokens.azure-service-bus-connection-string": "Azure Service Bus Connection String",
    "tokens.azure-cosmos-connection-string": "Azure COSMOS DB Account Access Key",
    "tokens.azure-app-configuration-connection-string": "Client Secret / API Key",
    "tokens.azure-signalr-connection-string": "Azure SignalR Access Key",
    "tokens.azure-devops-pat": "Azure DevOps Personal Access Token",
    "tokens.azure-devops-pat-legacy": "Azure DevOps Personal Access Token",
    "tokens.power-automate-webhook": "Azure Logic App Shared Access Signature",
    "tokens.azure-cognitive-services-key": "Azure Cognitive Service Key",
    "tokens.databricks-token": "Azure Databricks Personal Access Token",
    "ids-eu.pl-pesel": "Poland National ID (PESEL)",
    "ids-eu.pl-nip": "Poland Tax Identification Number",
    "ids-eu.si-emso": "Slovenia Unique Master Citizen Number",
    "ids-eu.hu-taj": "Hungary Social Security Number (TAJ)",
    "ids-eu.gr-amka": "Greece Social Security Number (AMKA)",
    "ids-eu.it-partita-iva": "Italy Value Added Tax Number",
    "ids-eu.de-vat-id": "Germany Value Added Tax Number",
    "ids-eu.de-rvnr": "—",
    "ids-eu.de-kvnr": "—",
    "ids-eu.de-lanr": "—",
    "ids-eu.de-bsnr": "—",
    "ids-eu.de-id-card": "Germany Identity Card Number",
    "ids-eu.de-steuernummer": "—",
    "ids-eu.de-handelsregister": "—",
    "ids-eu.be-national-number": "Belgium National Number",
    "ids-eu.at-social-security": "Austria Social Security Number",
    "ids-eu.hr-oib": "Croatia Personal Identification (OIB) Number",
    "ids-eu.ee-isikukood": "Estonia Personal Identification Code",
    "ids-eu.lt-asmens-kodas": "Lithuania Personal Code",
    "ids-eu.lv-personas-kods": "Latvia Personal Code",
    "ids-eu.ro-cnp": "Romania Personal Numeric Code (CNP)",
    "ids-eu.bg-egn": "Bulgaria Uniform Civil Number",
    "ids-eu.cz-birth-number": "Czech Personal Identity Number",
    "ids-eu.pt-nif": "Portugal Tax Identification Number",
    "ids-eu.ie-ppsn": "Ireland Personal Public Service (PPS) Number",
    "ids-nordics.se-personnummer": "Sweden National ID; Sweden Driver's License Number",
    "ids-nordics.no-fodselsnummer": "Norway Identification Number",
    "ids-nordics.fi-hetu": "Finland National ID; Finland Driver's License Number",
    "ids-nordics.dk-cpr": "Denmark Personal Identification Number",
    "ids-nordics.is-kennitala": "—",
    "ids-nordics.se-orgnr": "—",
    "ids-apac.sg-nric": "Singapore National Registration Identity Card (NRIC) Number",
    "ids-apac.kr-rrn": "South Korea Resident Registration Number",
    "ids-apac.jp-my-number": "Japan My Number - Personal",
    "ids-apac.au-abn": "Australia Business Number",
    "ids-apac.au-acn": "Australia Company Number",
    "ids-apac.au-medicare": "Australia Medical Account Number",
    "ids-apac.th-pin": "Thai Population Identification Code",
    "ids-apac.in-pan": "India Permanent Account Number (PAN)",
    "ids-apac.in-gstin": "India GST number",
    "ids-apac.in-epic": "—",
    "ids-apac.kr-brn": "—",
    "ids-apac.kr-driver-licence": "—",
    "ids-apac.ph-tin": "—",
    "ids-apac.in-vehicle-registration": "—",
    "ids-apac.jp-driver-licence": "Japan Driver's License Number",
    "ids-apac.jp-residence-card": "Japan Residence Card Number",
    "ids-eu.it-identity-card": "—",
    "ids-eu.it-driver-licence": "Italy Driver's License Number",
    "ids-eu.de-fuehrerschein": "Germany Driver's License Number",
    "ids-eu.de-vehicle-registration": "—",
    "ids-eu.eu-driving-licence": "EU Driver's License Number",
    "ids-eu.gr-afm": "Greece Tax identification Number",
    "ids-eu.cy-tin": "Cyprus Tax Identification Number",
    "ids-eu.si-tax-number": "Slovenia Tax identification Number",
    "ids-eu.pt-citizen-card": "Portugal Citizen Card Number",
    "ids-eu.pl-id-card": "Poland Identity Card",
    "ids-eu.pl-passport": "Poland Passport Number",
    "ids-eu.pl-regon": "Poland REGON Number",
    "ids-eu.fr-tax-number": "France Tax Identification Number (numéro SPI.)",
    "ids-eu.fr-cni": "France National ID Card (CNI)",
    "ids-eu.fr-health-insurance": "France Health Insurance Number",
    "ids-eu.at-tax-number": "Austria Tax Identification Number",
    "ids-eu.es-social-security": "Spain Social Security Number (SSN)",
    "ids-eu.es-tax-id": "Spain Tax Identification Number",
    "ids-nordics.fi-ehic": "Finland European Health Insurance Number",
    "ids-americas.ca-driver-licence": "Canada Driver's License Number",
    "ids-apac.au-driver-licence": "Australia Driver's License Number",
    "ids-eu.gr-id-card": "Greece National ID Card",
    "ids-eu.at-id-card": "Austria Identity Card",
    "ids-eu.mt-tax-id": "Malta Tax ID Number",
    "ids-eu.hu-tax-id": "Hungary Tax identification Number",
    "ids-eu.mt-id-card": "Malta Identity Card Number",
    "ids-eu.cy-id-card": "Cyprus Identity Card",
    "ids-eu.hr-id-card": "Croatia Identity Card Number",
    "ids-eu.eu-vat-number": "Austria Value Added Tax; Belgium, France, Netherlands Value Added Tax Number",
    "national.ng-nin": "—",
    "national.ng-vehicle-registration": "—",
    "national.tr-vehicle-registration": "—",
    "national.us-driver-licence": "U.S. Driver's License Number",
    "contact.de-postcode": "—",
    "ids-apac.sg-uen": "—",
    "ids-americas.br-cnpj": "Brazil Legal Entity Number (CNPJ)",
    "ids-americas.br-rg": "Brazil National ID Card (RG)",
    "ids-americas.ca-phin": "Canada Personal Health Identification Number (PHIN)",
    "ids-apac.jp-pension-number": "Japan Social Insurance Number (SIN)",
    "ids-apac.jp-corporate-number": "Japan My Number - Corporate",
    "ids-apac.jp-resident-registration": "Japan Resident Registration Number",
    "national.uk-electoral-roll": "U.K. Electoral Roll Number",
    "ids-americas.ca-health-number": "Canada Health Service Number",
    "ids-americas.us-npi": "—",
    "ids-americas.us-dea": "U.S. Drug Enforcement Agency (DEA) Number",
}


def validator_text(v):
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    name = v["name"]
    if name == "entropy":
        parts = [f"≥{v.get('min_bits', 3.0)} bits"]
        if "min_classes" in v:
            parts.append(f"≥{v['min_classes']} classes")
        return f"entropy ({', '.join(parts)})"
    if v.get("required") is False:
        return f"{name} (raises confidence)"
    return name


def confidence_text(d):
    c = d.get("confidence", {})
    base = c.get("base", "medium")
    out = base
    if "with_validator" in c:
        out += f" → {c['with_validator']} with the check"
    ctx = d.get("context")
    if ctx and ctx.get("required"):
        return (f"{c.get('with_context', 'high')}, only with context "
                f"({ctx.get('window', 300)} chars; nothing reported without)")
    if ctx:
        out += f" → {c.get('with_context', 'high')} with context ({ctx.get('window', 300)} chars)"
        if ctx.get("exclude"):
            out += "; low next to its exclude words (" + ", ".join(ctx["exclude"][:3]) + ", …)"
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "policies")
    rows, purview = [], []
    for path in sorted(glob.glob(os.path.join(root, "*.yaml"))):
        for doc in yaml.safe_load_all(open(path, encoding="utf-8")):
            if not doc or doc.get("kind") != "DetectorLibrary":
                continue
            for d in doc["detectors"]:
                name = f"{doc['name']}.{d['id']}"
                rows.append(f"| `{name}` | {d.get('description', '')} | {validator_text(d.get('validator'))} "
                            f"| {confidence_text(d)} |")
                purview.append(f"| `{name}` | {PURVIEW.get(name, 'Client Secret / API Key' if doc['name'] == 'tokens' else '—')} |")
    print(f"{len(rows)} detectors\n")
    print("| detector | detects | validator | confidence |\n| --- | --- | --- | --- |")
    print("\n".join(rows))
    print("\n| Bulwark detector | closest Purview sensitive information type |\n| --- | --- |")
    print("\n".join(purview))


if __name__ == "__main__":
    main()
