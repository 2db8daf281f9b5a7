// sifsig checks and makes SIF signatures with the sylabs/sif library's integrity package, the code
// Apptainer's own sign and verify commands run: Skiff's tests use it as the independent judge of
// the signatures Skiff writes and reads.
//
//	sifsig verify PUBLIC-KEYS.asc IMAGE      prints "signer FINGERPRINT" per verified signature
//	sifsig sign SECRET-KEY.asc IMAGE UNIX    signs every object group at that time
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/sylabs/sif/v2/pkg/integrity"
	"github.com/sylabs/sif/v2/pkg/sif"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 3 {
		return fmt.Errorf("usage: sifsig verify KEYS IMAGE | sifsig sign KEY IMAGE UNIXTIME")
	}
	keys, err := os.Open(args[1])
	if err != nil {
		return err
	}
	defer keys.Close()
	ring, err := openpgp.ReadArmoredKeyRing(keys)
	if err != nil {
		return err
	}
	switch args[0] {
	case "verify":
		f, err := sif.LoadContainerFromPath(args[2], sif.OptLoadWithFlag(os.O_RDONLY))
		if err != nil {
			return err
		}
		defer f.UnloadContainer()
		v, err := integrity.NewVerifier(f, integrity.OptVerifyWithKeyRing(ring),
			integrity.OptVerifyCallback(func(r integrity.VerifyResult) bool {
				if r.Error() == nil {
					fmt.Printf("signer %X\n", r.Entity().PrimaryKey.Fingerprint)
				}
				return false
			}))
		if err != nil {
			return err
		}
		return v.Verify()
	case "sign":
		if len(args) != 4 {
			return fmt.Errorf("sign needs KEY IMAGE UNIXTIME")
		}
		seconds, err := strconv.ParseInt(args[3], 10, 64)
		if err != nil {
			return err
		}
		at := time.Unix(seconds, 0)
		f, err := sif.LoadContainerFromPath(args[2])
		if err != nil {
			return err
		}
		defer f.UnloadContainer()
		s, err := integrity.NewSigner(f, integrity.OptSignWithEntity(ring[0]),
			integrity.OptSignWithTime(func() time.Time { return at }))
		if err != nil {
			return err
		}
		return s.Sign()
	}
	return fmt.Errorf("unknown command %q", args[0])
}
